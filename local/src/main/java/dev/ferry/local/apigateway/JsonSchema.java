package dev.ferry.local.apigateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.lambda.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * A request model: a JSON schema, draft 4, as API Gateway validates request bodies with it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html).
 *
 * <p>Checked keywords: {@code type}, {@code enum}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code minProperties}, {@code maxProperties}, {@code items}, {@code minItems},
 * {@code maxItems}, {@code uniqueItems}, {@code minLength}, {@code maxLength}, {@code pattern}, {@code minimum},
 * {@code maximum} (with draft 4's boolean {@code exclusiveMinimum} / {@code exclusiveMaximum}),
 * {@code multipleOf}, {@code allOf}, {@code anyOf}, {@code oneOf}, {@code not}. Others ({@code $ref},
 * {@code format}, {@code patternProperties}, {@code dependencies}) are not checked locally.
 *
 * <p>Violations are worded as the validator behind API Gateway words them, as its execution logs show
 * ("object has missing required properties ([\"body\",\"subject\",\"to\"])",
 * https://github.com/RafPe/serverless-reqvalidator-plugin/issues/1).
 */
final class JsonSchema {

    private final JsonNode schema;

    private JsonSchema(JsonNode schema) {
        this.schema = schema;
    }

    /** The schema in {@code json}; a schema that is not a JSON object is a configuration error of the app. */
    static JsonSchema parse(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a request model must be a JSON schema object, got: " + json);
            }
            return new JsonSchema(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a request model is not valid JSON (" + e.getOriginalMessage() + "): " + json, e);
        }
    }

    /** What is wrong with {@code instance}; empty when it satisfies the schema. */
    List<String> violations(JsonNode instance) {
        List<String> out = new ArrayList<>();
        check(schema, instance, out);
        return out;
    }

    private static void check(JsonNode schema, JsonNode instance, List<String> out) {
        if (!schema.isObject()) {
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, instance)) {
            List<String> allowed = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(t -> allowed.add(t.asText()));
            } else {
                allowed.add(type.asText());
            }
            out.add("instance type (" + typeOf(instance) + ") does not match any allowed primitive type (allowed: "
                    + quoted(allowed) + ")");
            return;
        }
        JsonNode values = schema.get("enum");
        if (values != null && values.isArray() && !contains(values, instance)) {
            out.add("instance value (" + instance + ") not found in enum (possible values: " + values + ")");
        }
        if (instance.isObject()) {
            object(schema, instance, out);
        } else if (instance.isArray()) {
            array(schema, instance, out);
        } else if (instance.isTextual()) {
            string(schema, instance.asText(), out);
        } else if (instance.isNumber()) {
            number(schema, instance.decimalValue(), out);
        }
        combinations(schema, instance, out);
    }

    private static void object(JsonNode schema, JsonNode instance, List<String> out) {
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            List<String> missing = new ArrayList<>();
            required.forEach(name -> {
                if (!instance.has(name.asText())) {
                    missing.add(name.asText());
                }
            });
            if (!missing.isEmpty()) {
                out.add("object has missing required properties (" + quoted(missing.stream().sorted().toList()) + ")");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        List<String> notAllowed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), out);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                notAllowed.add(field.getKey());
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), out);
            }
        }
        if (!notAllowed.isEmpty()) {
            out.add("object instance has properties which are not allowed by the schema: " + quoted(notAllowed.stream().sorted().toList()));
        }
        bound(schema, "minProperties", instance.size(), true, n -> "object has too few properties (found " + instance.size()
                + " but schema requires at least " + n + ")", out);
        bound(schema, "maxProperties", instance.size(), false, n -> "object has too many properties (found " + instance.size()
                + " but schema requires at most " + n + ")", out);
    }

    private static void array(JsonNode schema, JsonNode instance, List<String> out) {
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            instance.forEach(item -> check(items, item, out));
        } else if (items != null && items.isArray()) {
            for (int i = 0; i < Math.min(items.size(), instance.size()); i++) {
                check(items.get(i), instance.get(i), out);
            }
        }
        bound(schema, "minItems", instance.size(), true, n -> "array is too short: must have at least " + n
                + " elements but instance has " + instance.size() + " elements", out);
        bound(schema, "maxItems", instance.size(), false, n -> "array is too long: must have at most " + n
                + " elements but instance has " + instance.size() + " elements", out);
        if (schema.path("uniqueItems").asBoolean(false)) {
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode item : instance) {
                if (!seen.add(item)) {
                    out.add("array must not contain duplicate elements");
                    break;
                }
            }
        }
    }

    private static void string(JsonNode schema, String value, List<String> out) {
        int length = value.codePointCount(0, value.length());
        bound(schema, "minLength", length, true, n -> "string \"" + value + "\" is too short (length: " + length
                + ", required minimum: " + n + ")", out);
        bound(schema, "maxLength", length, false, n -> "string \"" + value + "\" is too long (length: " + length
                + ", maximum allowed: " + n + ")", out);
        JsonNode pattern = schema.get("pattern");
        if (pattern != null && pattern.isTextual()) {
            try {
                if (!Pattern.compile(pattern.asText()).matcher(value).find()) {
                    out.add("ECMA 262 regex \"" + pattern.asText() + "\" does not match input string \"" + value + "\"");
                }
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the request model's pattern " + pattern + " is not a regular expression: "
                        + e.getDescription(), e);
            }
        }
    }

    private static void number(JsonNode schema, BigDecimal value, List<String> out) {
        JsonNode minimum = schema.get("minimum");
        if (minimum != null && minimum.isNumber()) {
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            int c = value.compareTo(minimum.decimalValue());
            if (c < 0 || (exclusive && c == 0)) {
                out.add("numeric instance is " + (exclusive ? "not strictly greater than" : "lower than")
                        + " the required minimum (minimum: " + minimum + ", found: " + value.toPlainString() + ")");
            }
        }
        JsonNode maximum = schema.get("maximum");
        if (maximum != null && maximum.isNumber()) {
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            int c = value.compareTo(maximum.decimalValue());
            if (c > 0 || (exclusive && c == 0)) {
                out.add("numeric instance is " + (exclusive ? "not strictly lower than" : "greater than")
                        + " the required maximum (maximum: " + maximum + ", found: " + value.toPlainString() + ")");
            }
        }
        JsonNode multipleOf = schema.get("multipleOf");
        if (multipleOf != null && multipleOf.isNumber() && multipleOf.decimalValue().signum() > 0
                && value.remainder(multipleOf.decimalValue()).signum() != 0) {
            out.add("numeric instance is not a multiple of " + multipleOf);
        }
    }

    private static void combinations(JsonNode schema, JsonNode instance, List<String> out) {
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray()) {
            long matched = count(allOf, instance);
            if (matched < allOf.size()) {
                out.add("instance failed to match all required schemas (matched only " + matched + " out of " + allOf.size() + ")");
            }
        }
        JsonNode anyOf = schema.get("anyOf");
        if (anyOf != null && anyOf.isArray() && count(anyOf, instance) == 0) {
            out.add("instance failed to match at least one required schema among " + anyOf.size());
        }
        JsonNode oneOf = schema.get("oneOf");
        if (oneOf != null && oneOf.isArray()) {
            long matched = count(oneOf, instance);
            if (matched != 1) {
                out.add("instance failed to match exactly one schema (matched " + matched + " out of " + oneOf.size() + ")");
            }
        }
        JsonNode not = schema.get("not");
        if (not != null && not.isObject()) {
            List<String> inner = new ArrayList<>();
            check(not, instance, inner);
            if (inner.isEmpty()) {
                out.add("instance matched a schema which it should not have");
            }
        }
    }

    private static long count(JsonNode schemas, JsonNode instance) {
        long matched = 0;
        for (JsonNode s : schemas) {
            List<String> inner = new ArrayList<>();
            check(s, instance, inner);
            if (inner.isEmpty()) {
                matched++;
            }
        }
        return matched;
    }

    private static void bound(JsonNode schema, String keyword, int actual, boolean lower,
                              java.util.function.IntFunction<String> message, List<String> out) {
        JsonNode limit = schema.get(keyword);
        if (limit != null && limit.canConvertToInt() && (lower ? actual < limit.asInt() : actual > limit.asInt())) {
            out.add(message.apply(limit.asInt()));
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode instance) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, instance)) {
                    return true;
                }
            }
            return false;
        }
        String actual = typeOf(instance);
        String wanted = type.asText();
        return wanted.equals(actual) || (wanted.equals("number") && actual.equals("integer"));
    }

    /** The instance's type as draft 4 names it; a number without a fractional part is an integer. */
    private static String typeOf(JsonNode instance) {
        if (instance.isObject()) {
            return "object";
        } else if (instance.isArray()) {
            return "array";
        } else if (instance.isTextual()) {
            return "string";
        } else if (instance.isBoolean()) {
            return "boolean";
        } else if (instance.isNull()) {
            return "null";
        } else if (instance.isIntegralNumber()
                || (instance.isNumber() && instance.decimalValue().stripTrailingZeros().scale() <= 0)) {
            return "integer";
        }
        return "number";
    }

    private static boolean contains(JsonNode values, JsonNode instance) {
        for (JsonNode v : values) {
            if (v.equals(instance) || (v.isNumber() && instance.isNumber() && v.decimalValue().compareTo(instance.decimalValue()) == 0)) {
                return true;
            }
        }
        return false;
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
