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

class ConditionComparisonTest {

    private static boolean holds(String expression, Map<String, Value> item, Object... valuePairs) {
        return Expressions.parseCondition(expression, values(valuePairs)).test(item);
    }

    @ParameterizedTest(name = "{0} {1} {2} is {3}")
    @CsvSource({
            "5, =, 5, true", "5, =, 6, false",
            "5, <>, 6, true", "5, <>, 5, false",
            "5, <, 6, true", "5, <, 5, false",
            "5, <=, 5, true", "6, <=, 5, false",
            "6, >, 5, true", "5, >, 5, false",
            "5, >=, 5, true", "4, >=, 5, false",
    })
    void numbersCompareByValue(String a, String op, String v, boolean expected) {
        assertThat(holds("a " + op + " :v", item("a", n(a)), ":v", n(v))).isEqualTo(expected);
    }

    @Test
    void numbersEqualRegardlessOfNotation() {
        assertThat(holds("a = :v", item("a", n("1.50")), ":v", n("15E-1"))).isTrue();
    }

    @Test
    void stringsOrderByTheirUtf8Bytes() {
        assertThat(holds("a < :v", item("a", s("Z")), ":v", s("a"))).isTrue();
        assertThat(holds("a < :v", item("a", s("\uFFFD")), ":v", s("\uD83D\uDE00"))).isTrue();
    }

    @Test
    void binariesOrderAsUnsignedBytes() {
        assertThat(holds("a > :v", item("a", b(0xFF)), ":v", b(0x01))).isTrue();
    }

    @Test
    void aLiteralMayStandOnTheLeft() {
        assertThat(holds(":v < a", item("a", n(10)), ":v", n(3))).isTrue();
    }

    @Test
    void twoAttributesCanBeCompared() {
        assertThat(holds("a < b", item("a", n(1), "b", n(2)))).isTrue();
        assertThat(holds("a = b", item("a", s("x"), "b", s("x")))).isTrue();
    }

    @Test
    void valuesOfDifferentTypesAreNeverEqualAndAlwaysUnequal() {
        var it = item("a", n(1));
        assertThat(holds("a = :v", it, ":v", s("1"))).isFalse();
        assertThat(holds("a <> :v", it, ":v", s("1"))).isTrue();
        assertThat(holds("a < :v", it, ":v", s("2"))).isFalse();
        assertThat(holds("a >= :v", it, ":v", s("0"))).isFalse();
    }

    @Test
    void aMissingAttributeFailsEveryComparisonButNotEqual() {
        var it = item("other", n(1));
        assertThat(holds("a = :v", it, ":v", n(1))).isFalse();
        assertThat(holds("a < :v", it, ":v", n(1))).isFalse();
        assertThat(holds(":v < a", it, ":v", n(1))).isFalse();
        assertThat(holds("a <> :v", it, ":v", n(1))).isTrue();
    }

    @Test
    void twoMissingAttributesAreUnequalAndUnordered() {
        assertThat(holds("q <> z", item())).isTrue();
        assertThat(holds("q <= z", item())).isFalse();
    }

    @Test
    void setsAreEqualWhateverTheirOrder() {
        assertThat(holds("a = :v", item("a", ss("dog", "cat", "mouse")), ":v", ss("mouse", "dog", "cat"))).isTrue();
        assertThat(holds("a <> :v", item("a", ss("dog", "cat")), ":v", ss("cat", "dog"))).isFalse();
        assertThat(holds("a = :v", item("a", ns(1, 2)), ":v", ns(2, 1))).isTrue();
    }

    @Test
    void documentsCompareDeeply() {
        Value doc = m("b", s("c"), "d", l(s("e"), ss("g", "h")));
        assertThat(holds("a = :v", item("a", doc), ":v", m("b", s("c"), "d", l(s("e"), ss("h", "g"))))).isTrue();
        assertThat(holds("a = :v", item("a", doc), ":v", m("b", s("c"), "d", l(s("e"), ss("h"))))).isFalse();
    }

    @Test
    void booleansAndNullsCanBeTestedForEquality() {
        assertThat(holds("a = :t", item("a", bool(true)), ":t", bool(true))).isTrue();
        assertThat(holds("a = :n", item("a", nul()), ":n", nul())).isTrue();
    }

    @Test
    void nestedPathsAndListIndexesReadInsideDocuments() {
        var it = item("a", m("b", l(n(1), n(2), m("c", s("deep")))));
        assertThat(holds("a.b[2].c = :v", it, ":v", s("deep"))).isTrue();
        assertThat(holds("a.b[1] = :v", it, ":v", n(2))).isTrue();
        assertThat(holds("a.b[7] = :v", it, ":v", n(2))).isFalse();
        assertThat(holds("a.x.y = :v", it, ":v", n(2))).isFalse();
        assertThat(holds("a[0] = :v", it, ":v", n(2))).isFalse();
    }

    @Test
    void nameplaceholdersResolveEachPathElement() {
        var it = item("a.b", s("dotted"), "a", m("b", s("nested")));
        var ctx = context(Map.of("#ab", "a.b", "#a", "a", "#b", "b"), ":d", s("dotted"), ":n", s("nested"));
        assertThat(Expressions.parseCondition("#ab = :d AND #a.#b = :n", ctx).test(it)).isTrue();
    }
}
