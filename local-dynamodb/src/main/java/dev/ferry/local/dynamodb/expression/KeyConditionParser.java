package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions.KeyCondition;
import dev.ferry.local.dynamodb.expression.Expressions.RangeCondition;
import dev.ferry.local.dynamodb.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A KeyConditionExpression is parsed with the condition grammar, then held to its narrower shape:
 * equality on the hash key, optionally AND one condition on the range key, each comparing a top-level
 * key attribute with values.
 */
final class KeyConditionParser {
    private final String hashKey;
    private final Optional<String> rangeKey;

    private KeyConditionParser(String hashKey, Optional<String> rangeKey) {
        this.hashKey = hashKey;
        this.rangeKey = rangeKey;
    }

    static KeyCondition parse(String text, ExpressionContext context, String hashKey, Optional<String> rangeKey) {
        return parse(text, context).against(hashKey, rangeKey);
    }

    /**
     * Parses and checks what does not depend on the table: the grammar, the operators, one condition per
     * attribute and at most two conditions. AWS refuses these before it looks the table up.
     */
    static Expressions.KeyConditions parse(String text, ExpressionContext context) {
        ConditionNode tree = new ConditionParser(text, ExpressionKind.KEY_CONDITION, context).parse();
        List<ConditionNode> conditions = new ArrayList<>();
        flatten(tree, conditions);
        Map<String, Leaf> byAttribute = new LinkedHashMap<>();
        for (ConditionNode condition : conditions) {
            Leaf leaf = leaf(condition);
            if (byAttribute.putIfAbsent(leaf.attribute(), leaf) != null) {
                throw ApiException.validation("KeyConditionExpressions must only contain one condition per key");
            }
        }
        if (byAttribute.size() > 2) throw ApiException.validation("Conditions can be of length 1 or 2 only");
        return (hashKey, rangeKey) -> new KeyConditionParser(hashKey, rangeKey).interpret(new LinkedHashMap<>(byAttribute));
    }

    /** One condition on one key attribute. */
    private record Leaf(String attribute, RangeCondition condition, Optional<Value> equalTo) {}

    /** Holds the conditions to the table's (or index's) key schema. */
    private KeyCondition interpret(Map<String, Leaf> byAttribute) {
        Leaf hash = byAttribute.remove(hashKey);
        if (hash == null) throw ApiException.validation("Query condition missed key schema element: " + hashKey);
        if (hash.equalTo().isEmpty()) throw ApiException.validation("Query key condition not supported");
        Optional<RangeCondition> range = Optional.empty();
        if (!byAttribute.isEmpty()) {
            if (rangeKey.isEmpty()) throw ApiException.validation("Query key condition not supported");
            Leaf rangeLeaf = byAttribute.get(rangeKey.get());
            if (rangeLeaf == null || byAttribute.size() > 1) {
                throw ApiException.validation("Query condition missed key schema element: " + rangeKey.get());
            }
            range = Optional.of(rangeLeaf.condition());
        }
        return new KeyCondition(hash.equalTo().get(), range);
    }

    private static void flatten(ConditionNode node, List<ConditionNode> out) {
        switch (node) {
            case ConditionNode.And and -> {
                flatten(and.left(), out);
                flatten(and.right(), out);
            }
            case ConditionNode.Or or -> throw invalidOperator("OR");
            case ConditionNode.Not not -> throw invalidOperator("NOT");
            case ConditionNode.In in -> throw invalidOperator("IN");
            default -> out.add(node);
        }
    }

    private static Leaf leaf(ConditionNode node) {
        return switch (node) {
            case ConditionNode.Compare c -> {
                if (c.op() == ComparisonOperator.NE) throw invalidOperator("<>");
                boolean keyOnLeft = c.left() instanceof Operand.Path;
                String attribute = singleKeyAttribute(List.of(c.left(), c.right()));
                Value value = literal(keyOnLeft ? c.right() : c.left());
                ComparisonOperator op = keyOnLeft ? c.op() : c.op().flipped();
                RangeConditions.Operator operator = RangeConditions.Operator.valueOf(op.name());
                yield new Leaf(attribute, new RangeConditions.Comparison(operator, value),
                        op == ComparisonOperator.EQ ? Optional.of(value) : Optional.empty());
            }
            case ConditionNode.Between b -> {
                if (!(b.subject() instanceof Operand.Path)) {
                    singleKeyAttribute(List.of(b.subject(), b.lower(), b.upper()));
                    throw invalidCondition("BETWEEN operator must have the key attribute as its first operand");
                }
                String attribute = singleKeyAttribute(List.of(b.subject(), b.lower(), b.upper()));
                yield new Leaf(attribute, new RangeConditions.Between(literal(b.lower()), literal(b.upper())), Optional.empty());
            }
            case ConditionNode.Function f when f.name().equals("begins_with") -> {
                if (!(f.args().getFirst() instanceof Operand.Path)) {
                    singleKeyAttribute(f.args());
                    throw invalidCondition("begins_with operator must have the key attribute as its first operand");
                }
                String attribute = singleKeyAttribute(f.args());
                yield new Leaf(attribute, new RangeConditions.BeginsWith(literal(f.args().get(1))), Optional.empty());
            }
            case ConditionNode.Function f -> throw invalidOperator(f.name());
            default -> throw new IllegalStateException("unexpected key condition " + node);
        };
    }

    /** The one key attribute a condition names; DynamoDB rejects none, two, nested ones and functions. */
    private static String singleKeyAttribute(List<Operand> operands) {
        String attribute = null;
        for (Operand operand : operands) {
            switch (operand) {
                case Operand.Path p -> {
                    if (attribute != null) throw invalidCondition("Multiple attribute names used in one condition");
                    if (!p.path().isTopLevel()) {
                        throw ApiException.validation("KeyConditionExpressions cannot have conditions on nested attributes");
                    }
                    attribute = p.path().attribute();
                }
                case Operand.Call c -> throw ApiException.validation("KeyConditionExpressions cannot contain nested operations");
                default -> { }
            }
        }
        if (attribute == null) throw invalidCondition("No key attribute specified");
        return attribute;
    }

    private static Value literal(Operand operand) {
        return ((Operand.Literal) operand).value();
    }

    private static ApiException invalidOperator(String operator) {
        return ApiException.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static ApiException invalidCondition(String detail) {
        return ApiException.validation("Invalid condition in KeyConditionExpression: " + detail);
    }
}
