package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.b;
import static dev.ferry.local.dynamodb.expression.TestValues.context;
import static dev.ferry.local.dynamodb.expression.TestValues.failsWith;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static dev.ferry.local.dynamodb.expression.TestValues.s;
import static dev.ferry.local.dynamodb.expression.TestValues.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.dynamodb.expression.Expressions.KeyCondition;
import dev.ferry.local.dynamodb.expression.Expressions.RangeCondition;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyConditionExpressionTest {

    private static KeyCondition parse(String expression, Object... valuePairs) {
        return Expressions.parseKeyCondition(expression, values(valuePairs), "pk", Optional.of("sk"));
    }

    private static RangeCondition range(String expression, Object... valuePairs) {
        return parse(expression, valuePairs).range().orElseThrow();
    }

    private static void rejects(String expression, String message, Object... valuePairs) {
        failsWith(() -> parse(expression, valuePairs), message);
    }

    @Test
    void hashEqualityAloneSelectsAPartition() {
        KeyCondition condition = parse("pk = :p", ":p", s("user#1"));
        assertThat(condition.hashValue()).isEqualTo(s("user#1"));
        assertThat(condition.range()).isEmpty();
    }

    @Test
    void aHashOnlyTableTakesOnlyTheHashCondition() {
        KeyCondition condition = Expressions.parseKeyCondition("id = :v", values(":v", n(7)), "id", Optional.empty());
        assertThat(condition.hashValue()).isEqualTo(n(7));
    }

    @Test
    void theHashMayBeComparedFromTheRight() {
        assertThat(parse(":p = pk", ":p", s("x")).hashValue()).isEqualTo(s("x"));
    }

    @Test
    void namePlaceholdersNameKeys() {
        var ctx = context(Map.of("#h", "pk", "#r", "sk"), ":p", s("x"), ":r", n(1));
        KeyCondition condition = Expressions.parseKeyCondition("#h = :p AND #r > :r", ctx, "pk", Optional.of("sk"));
        assertThat(condition.range()).contains(new RangeConditions.Comparison(RangeConditions.Operator.GT, n(1)));
    }

    @ParameterizedTest(name = "sk {0} 5 against {1}: {2}")
    @CsvSource({"=, 5, true", "=, 6, false", "<, 4, true", "<, 5, false", "<=, 5, true", "<=, 6, false",
            ">, 6, true", ">, 5, false", ">=, 5, true", ">=, 4, false"})
    void rangeComparisons(String op, long candidate, boolean expected) {
        RangeCondition condition = range("pk = :p AND sk " + op + " :r", ":p", s("x"), ":r", n(5));
        assertThat(condition.test(n(candidate))).isEqualTo(expected);
    }

    @Test
    void aRangeComparisonWithTheKeyOnTheRightIsFlipped() {
        RangeCondition condition = range("pk = :p AND :r < sk", ":p", s("x"), ":r", n(5));
        assertThat(condition).isEqualTo(new RangeConditions.Comparison(RangeConditions.Operator.GT, n(5)));
        assertThat(condition.test(n(6))).isTrue();
        assertThat(condition.test(n(5))).isFalse();
    }

    @Test
    void betweenIncludesItsBounds() {
        RangeCondition condition = range("pk = :p AND sk BETWEEN :lo AND :hi", ":p", s("x"), ":lo", s("b"), ":hi", s("d"));
        assertThat(condition).isEqualTo(new RangeConditions.Between(s("b"), s("d")));
        assertThat(condition.test(s("b"))).isTrue();
        assertThat(condition.test(s("cz"))).isTrue();
        assertThat(condition.test(s("d"))).isTrue();
        assertThat(condition.test(s("da"))).isFalse();
        assertThat(condition.test(s("a"))).isFalse();
    }

    @Test
    void beginsWithMatchesPrefixesOfStringsAndBinaries() {
        RangeCondition condition = range("pk = :p AND begins_with(sk, :pre)", ":p", s("x"), ":pre", s("order#"));
        assertThat(condition.test(s("order#17"))).isTrue();
        assertThat(condition.test(s("invoice#1"))).isFalse();
        assertThat(range("pk = :p AND begins_with(sk, :pre)", ":p", s("x"), ":pre", b(1)).test(b(1, 2))).isTrue();
    }

    @Test
    void rangeConditionsAreFalseForOtherTypes() {
        assertThat(range("pk = :p AND sk < :r", ":p", s("x"), ":r", n(5)).test(s("1"))).isFalse();
    }

    @Test
    void theConditionsMayComeInEitherOrderAndInParentheses() {
        KeyCondition condition = parse("(sk >= :r) and (pk = :p)", ":p", s("x"), ":r", n(1));
        assertThat(condition.hashValue()).isEqualTo(s("x"));
        assertThat(condition.range()).isPresent();
    }

    @Test
    void theHashConditionIsRequired() {
        rejects("sk = :r", "Query condition missed key schema element: pk", ":r", n(1));
    }

    @Test
    void aNonKeyAttributeIsNotAKeyCondition() {
        rejects("pk = :p AND colour = :r", "Query condition missed key schema element: sk", ":p", s("x"), ":r", n(1));
        failsWith(() -> Expressions.parseKeyCondition("id = :v AND colour = :v", values(":v", n(7)), "id", Optional.empty()),
                "Query key condition not supported");
    }

    @Test
    void atMostTwoConditions() {
        rejects("pk = :p AND sk < :r AND colour < :r", "Conditions can be of length 1 or 2 only", ":p", s("x"), ":r", n(3));
    }

    @Test
    void theHashKeyNeedsEquality() {
        rejects("pk > :p", "Query key condition not supported", ":p", s("x"));
        rejects("begins_with(pk, :p)", "Query key condition not supported", ":p", s("x"));
    }

    @Test
    void oneConditionPerKey() {
        rejects("pk = :p AND sk > :r AND sk < :r", "KeyConditionExpressions must only contain one condition per key",
                ":p", s("x"), ":r", n(1));
        rejects("pk = :p AND pk = :p", "KeyConditionExpressions must only contain one condition per key", ":p", s("x"));
    }

    @ParameterizedTest
    @CsvSource({"pk = :p OR sk = :r, OR", "NOT pk = :p, NOT", "pk IN (:p), IN", "pk <> :p, <>",
            "pk = :p AND attribute_exists(sk), attribute_exists",
            "'pk = :p AND contains(sk, :r)', contains",
            "pk = :p AND attribute_not_exists(sk), attribute_not_exists"})
    void operatorsOutsideKeyConditionsAreRejected(String expression, String operator) {
        rejects(expression, "Invalid operator used in KeyConditionExpression: " + operator, ":p", s("x"), ":r", s("y"));
    }

    @Test
    void sizeIsANestedOperation() {
        rejects("pk = :p AND size(sk) > :r", "KeyConditionExpressions cannot contain nested operations", ":p", s("x"), ":r", n(1));
    }

    @Test
    void nestedAttributesAreNotKeys() {
        rejects("pk = :p AND sk.x = :r", "KeyConditionExpressions cannot have conditions on nested attributes",
                ":p", s("x"), ":r", n(1));
    }

    @Test
    void eachConditionNamesExactlyOneKeyAttribute() {
        rejects("pk = sk", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        rejects(":p = :p", "Invalid condition in KeyConditionExpression: No key attribute specified", ":p", s("x"));
    }

    @Test
    void betweenAndBeginsWithNeedTheKeyFirst() {
        rejects("pk = :p AND :r BETWEEN sk AND :r",
                "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
                ":p", s("x"), ":r", n(1));
        rejects("pk = :p AND begins_with(:r, sk)",
                "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
                ":p", s("x"), ":r", s("y"));
    }

    @Test
    void syntaxAndPlaceholderErrorsNameTheKeyConditionExpression() {
        rejects("pk = ", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
        rejects("pk = :nope", "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; "
                + "attribute value: :nope");
        rejects("pk = :p AND sk BETWEEN :hi AND :lo",
                "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower "
                        + "bound; lower bound operand: AttributeValue: {N:9}, upper bound operand: AttributeValue: {N:1}",
                ":p", s("x"), ":hi", n(9), ":lo", n(1));
    }
}
