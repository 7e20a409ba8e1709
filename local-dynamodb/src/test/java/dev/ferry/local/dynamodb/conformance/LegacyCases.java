package dev.ferry.local.dynamodb.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;

/**
 * One legacy condition next to the condition expression that means the same, and whether it holds for
 * {@link #FULL}: the table the Expected, ScanFilter and QueryFilter tests share. The meanings are the
 * developer guide's (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.Conditions.html)
 * and the API reference's (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html),
 * with the corner cases ScyllaDB's DynamoDB-verified tests pin down
 * (https://github.com/scylladb/scylladb/blob/master/test/alternator/test_expected.py): a missing attribute
 * is "not equal" (NE holds), but NOT_CONTAINS on it does not hold, so its expression is not simply
 * {@code NOT contains(...)}; IN compares the attribute itself, never the members of a set.
 *
 * @param attribute the attribute the condition is on
 * @param operator the legacy ComparisonOperator
 * @param values its AttributeValueList
 * @param expression the same condition as an expression, on {@code #a} with values {@code :v0, :v1, ...}
 * @param holds whether it holds for {@link #FULL}
 */
record LegacyCases(String attribute, ComparisonOperator operator, List<AttributeValue> values, String expression, boolean holds) {

    /** The item the conditions are evaluated on; {@code missing} is an attribute it does not have. */
    static final Map<String, AttributeValue> FULL = fullItem();

    private static Map<String, AttributeValue> fullItem() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("s", AttributeValue.fromS("hello"));
        item.put("n", AttributeValue.fromN("5"));
        item.put("b", bytes(1, 2, 3));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2")));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))));
        item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
        item.put("flag", AttributeValue.fromBool(true));
        item.put("nothing", AttributeValue.fromNul(true));
        item.put("dotted.name", AttributeValue.fromS("plain attribute, not a path"));
        return Map.copyOf(item);
    }

    static AttributeValue bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return AttributeValue.fromB(SdkBytes.fromByteArray(b));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(int v) {
        return AttributeValue.fromN(Integer.toString(v));
    }

    private static LegacyCases of(String attribute, ComparisonOperator op, String expression, boolean holds, AttributeValue... values) {
        return new LegacyCases(attribute, op, List.of(values), expression, holds);
    }

    /** Every operator, on matching and mismatching types, holding and not. */
    static List<LegacyCases> all() {
        List<LegacyCases> cases = new ArrayList<>(List.of(
                of("n", ComparisonOperator.EQ, "#a = :v0", true, n(5)),
                of("n", ComparisonOperator.EQ, "#a = :v0", false, s("5")),
                of("ss", ComparisonOperator.EQ, "#a = :v0", true, AttributeValue.fromSs(List.of("b", "a"))),
                of("l", ComparisonOperator.EQ, "#a = :v0", true, AttributeValue.fromL(List.of(s("a"), n(1)))),
                of("m", ComparisonOperator.EQ, "#a = :v0", true, AttributeValue.fromM(Map.of("k", s("v")))),
                of("flag", ComparisonOperator.EQ, "#a = :v0", true, AttributeValue.fromBool(true)),
                of("dotted.name", ComparisonOperator.EQ, "#a = :v0", true, s("plain attribute, not a path")),
                of("n", ComparisonOperator.NE, "#a <> :v0", true, n(6)),
                of("n", ComparisonOperator.NE, "#a <> :v0", false, n(5)),
                of("n", ComparisonOperator.NE, "#a <> :v0", true, s("5")),
                of("missing", ComparisonOperator.NE, "#a <> :v0", true, n(1)),
                of("n", ComparisonOperator.LE, "#a <= :v0", true, n(5)),
                of("n", ComparisonOperator.LT, "#a < :v0", false, n(5)),
                of("n", ComparisonOperator.LT, "#a < :v0", false, s("9")),
                of("n", ComparisonOperator.GE, "#a >= :v0", true, n(5)),
                of("n", ComparisonOperator.GT, "#a > :v0", true, n(4)),
                of("s", ComparisonOperator.GT, "#a > :v0", true, s("a")),
                of("b", ComparisonOperator.LT, "#a < :v0", true, bytes(1, 2, 4)),
                of("missing", ComparisonOperator.GT, "#a > :v0", false, n(0)),
                of("nothing", ComparisonOperator.NOT_NULL, "attribute_exists(#a)", true),
                of("missing", ComparisonOperator.NOT_NULL, "attribute_exists(#a)", false),
                of("missing", ComparisonOperator.NULL, "attribute_not_exists(#a)", true),
                of("nothing", ComparisonOperator.NULL, "attribute_not_exists(#a)", false),
                of("s", ComparisonOperator.CONTAINS, "contains(#a, :v0)", true, s("ell")),
                of("ss", ComparisonOperator.CONTAINS, "contains(#a, :v0)", true, s("a")),
                of("ns", ComparisonOperator.CONTAINS, "contains(#a, :v0)", true, n(2)),
                of("l", ComparisonOperator.CONTAINS, "contains(#a, :v0)", true, s("a")),
                of("b", ComparisonOperator.CONTAINS, "contains(#a, :v0)", true, bytes(2, 3)),
                of("n", ComparisonOperator.CONTAINS, "contains(#a, :v0)", false, n(5)),
                of("missing", ComparisonOperator.CONTAINS, "contains(#a, :v0)", false, s("a")),
                of("s", ComparisonOperator.NOT_CONTAINS, "attribute_exists(#a) AND NOT contains(#a, :v0)", true, s("xyz")),
                of("ss", ComparisonOperator.NOT_CONTAINS, "attribute_exists(#a) AND NOT contains(#a, :v0)", false, s("a")),
                of("l", ComparisonOperator.NOT_CONTAINS, "attribute_exists(#a) AND NOT contains(#a, :v0)", true, n(7)),
                of("missing", ComparisonOperator.NOT_CONTAINS, "attribute_exists(#a) AND NOT contains(#a, :v0)", false, s("a")),
                of("s", ComparisonOperator.BEGINS_WITH, "begins_with(#a, :v0)", true, s("he")),
                of("b", ComparisonOperator.BEGINS_WITH, "begins_with(#a, :v0)", true, bytes(1, 2)),
                of("n", ComparisonOperator.BEGINS_WITH, "begins_with(#a, :v0)", false, s("5")),
                of("n", ComparisonOperator.IN, "#a IN (:v0, :v1, :v2)", true, n(4), n(5), n(6)),
                of("n", ComparisonOperator.IN, "#a IN (:v0)", false, n(7)),
                of("ss", ComparisonOperator.IN, "#a IN (:v0)", false, s("a")),
                of("n", ComparisonOperator.BETWEEN, "#a BETWEEN :v0 AND :v1", true, n(1), n(5)),
                of("n", ComparisonOperator.BETWEEN, "#a BETWEEN :v0 AND :v1", false, n(6), n(9)),
                of("s", ComparisonOperator.BETWEEN, "#a BETWEEN :v0 AND :v1", true, s("a"), s("z")),
                of("missing", ComparisonOperator.BETWEEN, "#a BETWEEN :v0 AND :v1", false, n(0), n(100))));
        return List.copyOf(cases);
    }

    Condition condition() {
        return Condition.builder().comparisonOperator(operator).attributeValueList(values).build();
    }

    ExpectedAttributeValue expected() {
        return ExpectedAttributeValue.builder().comparisonOperator(operator).attributeValueList(values).build();
    }

    Map<String, AttributeValue> expressionValues() {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) out.put(":v" + i, values.get(i));
        return out;
    }

    Map<String, String> expressionNames() {
        return Map.of("#a", attribute);
    }

    @Override
    public String toString() {
        return attribute + " " + operator + " " + values + "  ~  " + expression;
    }
}
