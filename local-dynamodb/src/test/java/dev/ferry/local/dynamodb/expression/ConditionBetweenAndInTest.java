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

class ConditionBetweenAndInTest {

    private static boolean holds(String expression, Map<String, Value> item, Object... valuePairs) {
        return Expressions.parseCondition(expression, values(valuePairs)).test(item);
    }

    @Test
    void betweenIncludesBothBounds() {
        assertThat(holds("a BETWEEN :lo AND :hi", item("a", n(1)), ":lo", n(1), ":hi", n(3))).isTrue();
        assertThat(holds("a BETWEEN :lo AND :hi", item("a", n(3)), ":lo", n(1), ":hi", n(3))).isTrue();
        assertThat(holds("a BETWEEN :lo AND :hi", item("a", n(4)), ":lo", n(1), ":hi", n(3))).isFalse();
        assertThat(holds("a between :lo and :hi", item("a", s("b")), ":lo", s("a"), ":hi", s("c"))).isTrue();
    }

    @Test
    void betweenIsFalseForAMissingAttributeOrAnotherType() {
        assertThat(holds("a BETWEEN :lo AND :hi", item(), ":lo", n(1), ":hi", n(3))).isFalse();
        assertThat(holds("a BETWEEN :lo AND :hi", item("a", s("2")), ":lo", n(1), ":hi", n(3))).isFalse();
    }

    @Test
    void betweenBoundsMayComeFromTheItem() {
        var it = item("a", n(2), "lo", n(1), "hi", n(3));
        assertThat(holds("a BETWEEN lo AND hi", it)).isTrue();
        assertThat(holds("a BETWEEN hi AND lo", it)).isFalse();
    }

    @Test
    void inMatchesAnyListedValue() {
        assertThat(holds("a IN (:x, :y, :z)", item("a", s("y")), ":x", s("x"), ":y", s("y"), ":z", s("z"))).isTrue();
        assertThat(holds("a in (:x,:z)", item("a", s("y")), ":x", s("x"), ":z", s("z"))).isFalse();
        assertThat(holds("a IN (:x)", item(), ":x", s("x"))).isFalse();
    }

    @Test
    void inComparesSetsRegardlessOfOrder() {
        assertThat(holds("a IN (:x)", item("a", ns(3, 1, 2)), ":x", ns(1, 2, 3))).isTrue();
    }

    @Test
    void inAcceptsAHundredOperandsCountingItsLeftOperand() {
        StringBuilder expr = new StringBuilder("a IN (");
        Object[] pairs = new Object[198];
        for (int i = 0; i < 99; i++) {
            expr.append(i == 0 ? "" : ", ").append(":v").append(i);
            pairs[2 * i] = ":v" + i;
            pairs[2 * i + 1] = n(i);
        }
        expr.append(")");
        assertThat(holds(expr.toString(), item("a", n(98)), pairs)).isTrue();
    }
}
