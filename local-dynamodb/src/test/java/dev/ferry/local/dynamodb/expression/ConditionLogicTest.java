package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.b;
import static dev.ferry.local.dynamodb.expression.TestValues.bool;
import static dev.ferry.local.dynamodb.expression.TestValues.bs;
import static dev.ferry.local.dynamodb.expression.TestValues.context;
import static dev.ferry.local.dynamodb.expression.TestValues.item;
import static dev.ferry.local.dynamodb.expression.TestValues.l;
import static dev.ferry.local.dynamodb.expression.TestValues.m;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static dev.ferry.local.dynamodb.expression.TestValues.ns;
import static dev.ferry.local.dynamodb.expression.TestValues.nul;
import static dev.ferry.local.dynamodb.expression.TestValues.s;
import static dev.ferry.local.dynamodb.expression.TestValues.ss;
import static dev.ferry.local.dynamodb.expression.TestValues.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionLogicTest {

    private static boolean holds(String expression, Map<String, Value> item, Object... valuePairs) {
        return Expressions.parseCondition(expression, values(valuePairs)).test(item);
    }

    private final Map<String, Value> it = item("t", bool(true), "f", bool(false));

    private boolean eval(String expression) {
        return holds(expression, it, ":t", bool(true));
    }

    @Test
    void andOrNotCombineConditions() {
        assertThat(eval("t = :t AND f = :t")).isFalse();
        assertThat(eval("t = :t OR f = :t")).isTrue();
        assertThat(eval("NOT f = :t")).isTrue();
        assertThat(eval("not t = :t")).isFalse();
    }

    @Test
    void andBindsTighterThanOr() {
        // true OR (false AND false)
        assertThat(eval("t = :t OR f = :t AND f = :t")).isTrue();
        // (false AND false) OR true
        assertThat(eval("f = :t AND f = :t OR t = :t")).isTrue();
        // false AND (false OR true) would be false; precedence makes it (false AND false) OR true
        assertThat(eval("f = :t AND t = :t OR t = :t")).isTrue();
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertThat(eval("(t = :t OR f = :t) AND f = :t")).isFalse();
        assertThat(eval("f = :t AND (f = :t OR t = :t)")).isFalse();
    }

    @Test
    void notBindsTighterThanAnd() {
        // (NOT false) AND true
        assertThat(eval("NOT f = :t AND t = :t")).isTrue();
        // (NOT true) OR true
        assertThat(eval("NOT t = :t OR t = :t")).isTrue();
        assertThat(eval("NOT (t = :t OR t = :t)")).isFalse();
    }

    @Test
    void notMayBeRepeated() {
        assertThat(eval("NOT NOT t = :t")).isTrue();
    }

    @Test
    void parenthesisedOperandsAreNotConditions() {
        assertThat(holds("(a) = :v", item("a", n(1)), ":v", n(1))).isTrue();
        assertThat(holds("(a) BETWEEN (:v) AND :v", item("a", n(1)), ":v", n(1))).isTrue();
        assertThat(holds("((a) = :v) AND (b IN (:v))", item("a", n(1), "b", n(1)), ":v", n(1))).isTrue();
    }

    @Test
    void keywordsAreCaseInsensitiveAndWhitespaceIsFree() {
        assertThat(holds("  a=:v\tAnD\n(b<>:v oR a=:v)  ", item("a", n(1), "b", n(1)), ":v", n(1))).isTrue();
    }

    @Test
    void aConditionListsThePathsItReads() {
        var condition = Expressions.parseCondition("a.b[1] = :t AND (size(c) > :n OR NOT begins_with(d, e)) AND f IN (:t, g)",
                TestValues.values(":t", bool(true), ":n", n(1)));
        assertThat(condition.paths()).extracting(DocumentPath::display)
                .containsExactly("[a, b, [1]]", "[c]", "[d]", "[e]", "[f]", "[g]");
    }
}
