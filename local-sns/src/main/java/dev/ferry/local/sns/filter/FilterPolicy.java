package dev.ferry.local.sns.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated subscription filter policy, following the SNS documentation: AND across keys, OR within a
 * key's array, {@code $or} between alternative objects, and the operators {@code prefix}, {@code suffix},
 * {@code equals-ignore-case}, {@code anything-but} (values, {@code prefix}, {@code suffix}),
 * {@code numeric}, {@code exists} and {@code cidr}. Limits: at most {@value #MAX_KEYS} keys, at most
 * {@value #MAX_COMBINATIONS} value combinations, 256 KB, numbers within ±10^9.
 */
public final class FilterPolicy {
    public static final int MAX_KEYS = 5;
    public static final int MAX_COMBINATIONS = 150;
    public static final int MAX_BYTES = 256 * 1024;
    private static final BigDecimal MAX_NUMBER = new BigDecimal("1000000000");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final PolicyNode root;
    private final FilterPolicyScope scope;

    private FilterPolicy(PolicyNode root, FilterPolicyScope scope) {
        this.root = root;
        this.scope = scope;
    }

    /**
     * Parses and validates a policy for the given scope.
     *
     * @throws InvalidFilterPolicyException with a message saying which rule the policy breaks
     */
    public static FilterPolicy parse(String json, FilterPolicyScope scope) {
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidFilterPolicyException("Filter policy is larger than 256 KB");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidFilterPolicyException("failed to parse JSON. " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidFilterPolicyException("Filter policy must be a JSON object");
        }
        PolicyNode root = compileObject(tree, scope);
        int keys = keyCount(root);
        if (keys > MAX_KEYS) {
            throw new InvalidFilterPolicyException(
                    "Filter policy can not have more than " + MAX_KEYS + " keys (this one has " + keys + ")");
        }
        long combinations = combinations(root);
        if (combinations > MAX_COMBINATIONS) {
            throw new InvalidFilterPolicyException("Filter policy is too complex: " + combinations
                    + " value combinations, at most " + MAX_COMBINATIONS + " are allowed");
        }
        return new FilterPolicy(root, scope);
    }

    public FilterPolicyScope scope() {
        return scope;
    }

    /** Evaluates a policy of scope {@code MessageAttributes}. */
    public boolean matchesAttributes(Map<String, FilterableAttribute> attributes) {
        return root.matches(new MessageAttributeSubject(attributes));
    }

    /** Evaluates a policy of scope {@code MessageBody}; a body that is not a JSON object never matches. */
    public boolean matchesBody(String body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
        if (tree == null || !tree.isObject()) {
            return false;
        }
        return root.matches(new BodySubject(List.of(tree)));
    }

    /** Evaluates against whatever this policy's scope looks at. */
    public boolean matches(String body, Map<String, FilterableAttribute> attributes) {
        return scope == FilterPolicyScope.MESSAGE_BODY ? matchesBody(body) : matchesAttributes(attributes);
    }

    private static PolicyNode compileObject(JsonNode object, FilterPolicyScope scope) {
        List<PolicyNode.KeyRule> keys = new ArrayList<>();
        List<List<PolicyNode>> alternatives = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("$or")) {
                alternatives.add(compileOr(value, scope));
            } else if (value.isArray()) {
                keys.add(new PolicyNode.Leaf(key, compileConditions(key, value)));
            } else if (value.isObject()) {
                if (scope == FilterPolicyScope.MESSAGE_ATTRIBUTES) {
                    throw new InvalidFilterPolicyException("Filter policy scope MessageAttributes does not support"
                            + " nested filter policy (key \"" + key + "\"); set FilterPolicyScope to MessageBody"
                            + " to filter on nested message body properties");
                }
                keys.add(new PolicyNode.Nested(key, compileObject(value, scope)));
            } else {
                throw new InvalidFilterPolicyException(
                        "\"" + key + "\" must be an object or an array of match values");
            }
        }
        return new PolicyNode(List.copyOf(keys), List.copyOf(alternatives));
    }

    private static List<PolicyNode> compileOr(JsonNode value, FilterPolicyScope scope) {
        if (!value.isArray() || value.size() < 2) {
            throw new InvalidFilterPolicyException("\"$or\" must be an array of at least two objects");
        }
        List<PolicyNode> branches = new ArrayList<>();
        for (JsonNode branch : value) {
            if (!branch.isObject() || branch.isEmpty()) {
                throw new InvalidFilterPolicyException("every element of \"$or\" must be a non-empty object");
            }
            branches.add(compileObject(branch, scope));
        }
        return List.copyOf(branches);
    }

    private static List<Condition> compileConditions(String key, JsonNode array) {
        if (array.isEmpty()) {
            throw new InvalidFilterPolicyException("Empty arrays are not allowed (key \"" + key + "\")");
        }
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode element : array) {
            conditions.add(compileCondition(key, element));
        }
        return List.copyOf(conditions);
    }

    private static Condition compileCondition(String key, JsonNode element) {
        if (element.isTextual()) {
            return new Condition.ExactText(element.textValue());
        }
        if (element.isNumber()) {
            return new Condition.ExactNumber(number(key, element));
        }
        if (element.isBoolean()) {
            return new Condition.ExactBoolean(element.booleanValue());
        }
        if (element.isNull()) {
            return new Condition.ExactNull();
        }
        if (element.isArray()) {
            throw new InvalidFilterPolicyException(
                    "Match value must be String, number, true, false, or null (key \"" + key + "\")");
        }
        if (element.size() != 1) {
            throw new InvalidFilterPolicyException("A match object must hold exactly one operator (key \""
                    + key + "\"), e.g. {\"prefix\": \"abc\"}");
        }
        Map.Entry<String, JsonNode> operator = element.fields().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "prefix" -> new Condition.Prefix(text(key, "prefix", operand));
            case "suffix" -> new Condition.Suffix(text(key, "suffix", operand));
            case "equals-ignore-case" -> new Condition.EqualsIgnoreCase(text(key, "equals-ignore-case", operand));
            case "exists" -> {
                if (!operand.isBoolean()) {
                    throw new InvalidFilterPolicyException(
                            "exists match pattern must be either true or false (key \"" + key + "\")");
                }
                yield new Condition.Exists(operand.booleanValue());
            }
            case "cidr" -> new Condition.Cidr(CidrBlock.parse(text(key, "cidr", operand)));
            case "numeric" -> numeric(key, operand);
            case "anything-but" -> anythingBut(key, operand);
            default -> throw new InvalidFilterPolicyException(
                    "Unrecognized match type " + operator.getKey() + " (key \"" + key + "\")");
        };
    }

    private static Condition anythingBut(String key, JsonNode operand) {
        Set<String> texts = new HashSet<>();
        Set<BigDecimal> numbers = new HashSet<>();
        if (operand.isTextual()) {
            texts.add(operand.textValue());
        } else if (operand.isNumber()) {
            numbers.add(number(key, operand));
        } else if (operand.isArray()) {
            if (operand.isEmpty()) {
                throw new InvalidFilterPolicyException("Empty arrays are not allowed (key \"" + key + "\")");
            }
            for (JsonNode value : operand) {
                if (value.isTextual()) {
                    texts.add(value.textValue());
                } else if (value.isNumber()) {
                    numbers.add(number(key, value));
                } else {
                    throw new InvalidFilterPolicyException(
                            "Inside anything but list, only strings and numbers are allowed (key \"" + key + "\")");
                }
            }
        } else if (operand.isObject() && operand.size() == 1) {
            Map.Entry<String, JsonNode> inner = operand.fields().next();
            return switch (inner.getKey()) {
                case "prefix" -> new Condition.AnythingButPrefix(text(key, "prefix", inner.getValue()));
                case "suffix" -> new Condition.AnythingButSuffix(text(key, "suffix", inner.getValue()));
                default -> throw new InvalidFilterPolicyException("Unsupported anything-but pattern: "
                        + inner.getKey() + " (key \"" + key + "\"); use a value, a list, prefix or suffix");
            };
        } else {
            throw new InvalidFilterPolicyException("Value of anything-but must be an array, a string, a number,"
                    + " or an object with prefix or suffix (key \"" + key + "\")");
        }
        return new Condition.AnythingBut(Set.copyOf(texts), Set.copyOf(numbers));
    }

    private static Condition numeric(String key, JsonNode operand) {
        if (!operand.isArray() || operand.isEmpty()) {
            throw new InvalidFilterPolicyException(
                    "Value of numeric must be an array such as [\">\", 0, \"<=\", 5] (key \"" + key + "\")");
        }
        if (operand.size() == 2 && "=".equals(operand.get(0).asText())) {
            BigDecimal value = numericOperand(key, "=", operand.get(1));
            return new Condition.NumericRange(value, true, value, true);
        }
        BigDecimal lower = null;
        BigDecimal upper = null;
        boolean lowerInclusive = false;
        boolean upperInclusive = false;
        for (int i = 0; i < operand.size(); i += 2) {
            JsonNode op = operand.get(i);
            if (!op.isTextual()) {
                throw new InvalidFilterPolicyException("Unrecognized numeric range operator: " + op + " (key \"" + key + "\")");
            }
            if (i + 1 >= operand.size()) {
                throw new InvalidFilterPolicyException(
                        "Value of " + op.textValue() + " must be numeric (key \"" + key + "\")");
            }
            BigDecimal value = numericOperand(key, op.textValue(), operand.get(i + 1));
            switch (op.textValue()) {
                case ">", ">=" -> {
                    if (lower != null) {
                        throw new InvalidFilterPolicyException("Too many elements in numeric expression (key \"" + key + "\")");
                    }
                    lower = value;
                    lowerInclusive = op.textValue().equals(">=");
                }
                case "<", "<=" -> {
                    if (upper != null) {
                        throw new InvalidFilterPolicyException("Too many elements in numeric expression (key \"" + key + "\")");
                    }
                    upper = value;
                    upperInclusive = op.textValue().equals("<=");
                }
                case "=" -> throw new InvalidFilterPolicyException(
                        "\"=\" cannot be combined with other numeric operators (key \"" + key + "\")");
                default -> throw new InvalidFilterPolicyException(
                        "Unrecognized numeric range operator: " + op.textValue() + " (key \"" + key + "\")");
            }
        }
        if (lower != null && upper != null && lower.compareTo(upper) >= 0) {
            throw new InvalidFilterPolicyException("Bottom must be less than top (key \"" + key + "\")");
        }
        return new Condition.NumericRange(lower, lowerInclusive, upper, upperInclusive);
    }

    private static BigDecimal numericOperand(String key, String op, JsonNode value) {
        if (!value.isNumber()) {
            throw new InvalidFilterPolicyException("Value of " + op + " must be numeric (key \"" + key + "\")");
        }
        return number(key, value);
    }

    private static BigDecimal number(String key, JsonNode value) {
        BigDecimal number = value.decimalValue();
        if (number.abs().compareTo(MAX_NUMBER) > 0) {
            throw new InvalidFilterPolicyException("Numeric value " + number.toPlainString()
                    + " is out of range: numbers must be between -1000000000 and 1000000000 (key \"" + key + "\")");
        }
        return Condition.normalize(number);
    }

    private static String text(String key, String operator, JsonNode operand) {
        if (!operand.isTextual()) {
            throw new InvalidFilterPolicyException(operator + " match pattern must be a string (key \"" + key + "\")");
        }
        return operand.textValue();
    }

    /** Keys of the widest combination of {@code $or} branches, as SNS counts them against its limit. */
    private static int keyCount(PolicyNode node) {
        int count = 0;
        for (PolicyNode.KeyRule rule : node.keys()) {
            count += switch (rule) {
                case PolicyNode.Leaf leaf -> 1;
                case PolicyNode.Nested nested -> keyCount(nested.node());
            };
        }
        for (List<PolicyNode> branches : node.alternatives()) {
            count += branches.stream().mapToInt(FilterPolicy::keyCount).max().orElse(0);
        }
        return count;
    }

    /** The product of the array sizes; {@code $or} branches add up. */
    private static long combinations(PolicyNode node) {
        long product = 1;
        for (PolicyNode.KeyRule rule : node.keys()) {
            product *= switch (rule) {
                case PolicyNode.Leaf leaf -> leaf.conditions().size();
                case PolicyNode.Nested nested -> combinations(nested.node());
            };
            product = Math.min(product, Integer.MAX_VALUE);
        }
        for (List<PolicyNode> branches : node.alternatives()) {
            product *= branches.stream().mapToLong(FilterPolicy::combinations).sum();
            product = Math.min(product, Integer.MAX_VALUE);
        }
        return product;
    }
}
