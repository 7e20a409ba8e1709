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

class ConditionFunctionTest {

    private static boolean holds(String expression, Map<String, Value> item, Object... valuePairs) {
        return Expressions.parseCondition(expression, values(valuePairs)).test(item);
    }

    @Test
    void attributeExistsAndNotExistsFollowNestedPaths() {
        var it = item("a", m("b", l(n(1))), "nul", nul());
        assertThat(holds("attribute_exists(a)", it)).isTrue();
        assertThat(holds("attribute_exists(a.b[0])", it)).isTrue();
        assertThat(holds("attribute_exists(a.b[1])", it)).isFalse();
        assertThat(holds("attribute_exists(nul)", it)).isTrue();
        assertThat(holds("attribute_not_exists(z)", it)).isTrue();
        assertThat(holds("attribute_not_exists(a.b)", it)).isFalse();
    }

    @Test
    void attributeExistsWorksOnAMissingItem() {
        assertThat(holds("attribute_not_exists(pk)", item())).isTrue();
        assertThat(holds("attribute_exists(pk)", item())).isFalse();
    }

    @ParameterizedTest(name = "attribute_type of {0}")
    @CsvSource({"S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"})
    void attributeTypeMatchesEachType(String type) {
        var it = item("S", s("x"), "N", n(1), "B", b(1), "BOOL", bool(true), "NULL", nul(),
                "SS", ss("x"), "NS", ns(1), "BS", bs(b(1)), "L", l(), "M", m());
        var ctx = context(Map.of("#a", type), ":t", s(type), ":other", s(type.equals("S") ? "N" : "S"));
        assertThat(Expressions.parseCondition("attribute_type(#a, :t)", ctx).test(it)).isTrue();
        var ctx2 = context(Map.of("#a", type), ":other", s(type.equals("S") ? "N" : "S"));
        assertThat(Expressions.parseCondition("attribute_type(#a, :other)", ctx2).test(it)).isFalse();
    }

    @Test
    void attributeTypeAlsoTestsALiteral() {
        assertThat(holds("attribute_type(:v, :t)", item(), ":v", n(0), ":t", s("N"))).isTrue();
    }

    @Test
    void attributeTypeOfAMissingAttributeIsFalse() {
        assertThat(holds("attribute_type(a, :t)", item(), ":t", s("S"))).isFalse();
    }

    @Test
    void beginsWithWorksOnStringsAndBinaries() {
        assertThat(holds("begins_with(a, :p)", item("a", s("prefix-rest")), ":p", s("prefix"))).isTrue();
        assertThat(holds("begins_with(a, :p)", item("a", s("prefix-rest")), ":p", s("rest"))).isFalse();
        assertThat(holds("begins_with(a, :p)", item("a", b(1, 2, 3)), ":p", b(1, 2))).isTrue();
        assertThat(holds("begins_with(a, :p)", item("a", b(1, 2, 3)), ":p", b(2))).isFalse();
    }

    @Test
    void beginsWithIsFalseForOtherTypesAndMissingAttributes() {
        assertThat(holds("begins_with(a, :p)", item("a", ss("prefix")), ":p", s("pre"))).isFalse();
        assertThat(holds("begins_with(a, :p)", item("a", s("abc")), ":p", b(1))).isFalse();
        assertThat(holds("begins_with(a, :p)", item(), ":p", s("a"))).isFalse();
    }

    @Test
    void containsFindsSubstringsAndByteRuns() {
        assertThat(holds("contains(a, :p)", item("a", s("hello world")), ":p", s("o w"))).isTrue();
        assertThat(holds("contains(a, :p)", item("a", s("hello")), ":p", s("z"))).isFalse();
        assertThat(holds("contains(a, :p)", item("a", b(1, 2, 3)), ":p", b(2, 3))).isTrue();
    }

    @Test
    void containsFindsSetMembers() {
        assertThat(holds("contains(a, :p)", item("a", ss("x", "y")), ":p", s("y"))).isTrue();
        assertThat(holds("contains(a, :p)", item("a", ss("xy")), ":p", s("x"))).isFalse();
        assertThat(holds("contains(a, :p)", item("a", ns(1, 2)), ":p", n("2.0"))).isTrue();
        assertThat(holds("contains(a, :p)", item("a", bs(b(1), b(2))), ":p", b(2))).isTrue();
        assertThat(holds("contains(a, :p)", item("a", ns(1)), ":p", s("1"))).isFalse();
    }

    @Test
    void containsFindsListElementsOfAnyType() {
        var it = item("a", l(s("x"), n(2), m("k", s("v"))));
        assertThat(holds("contains(a, :p)", it, ":p", n(2))).isTrue();
        assertThat(holds("contains(a, :p)", it, ":p", m("k", s("v")))).isTrue();
        assertThat(holds("contains(a, :p)", it, ":p", s("k"))).isFalse();
    }

    @Test
    void containsMayTakeItsOperandFromTheItem() {
        assertThat(holds("contains(a, b)", item("a", ss("x", "y"), "b", s("x")))).isTrue();
    }

    @Test
    void sizeOfAStringCountsUtf16CodeUnits() {
        // "é𝄞": DynamoDB answers 3 (1 + a surrogate pair), not its 6 UTF-8 bytes.
        assertThat(holds("size(a) = :n", item("a", s("é\uD834\uDD1E")), ":n", n(3))).isTrue();
        assertThat(holds("size(a) = :n", item("a", s("")), ":n", n(0))).isTrue();
    }

    @Test
    void sizeOfBinariesSetsListsAndMaps() {
        assertThat(holds("size(a) = :n", item("a", b(1, 2, 3, 4)), ":n", n(4))).isTrue();
        assertThat(holds("size(a) = :n", item("a", ss("x", "y")), ":n", n(2))).isTrue();
        assertThat(holds("size(a) = :n", item("a", ns(1, 2, 3)), ":n", n(3))).isTrue();
        assertThat(holds("size(a) = :n", item("a", l(n(1))), ":n", n(1))).isTrue();
        assertThat(holds("size(a) = :n", item("a", m("x", n(1), "y", n(2))), ":n", n(2))).isTrue();
    }

    @Test
    void sizeIsAnOperandOnEitherSideAndInBetween() {
        var it = item("a", s("four"), "b", l(n(1), n(2)));
        assertThat(holds("size(a) > :n", it, ":n", n(3))).isTrue();
        assertThat(holds(":n < size(a)", it, ":n", n(3))).isTrue();
        assertThat(holds("size(a) BETWEEN :lo AND :hi", it, ":lo", n(4), ":hi", n(4))).isTrue();
        assertThat(holds("size(a) IN (:n, :m)", it, ":n", n(1), ":m", n(4))).isTrue();
        assertThat(holds("size(a) > size(b)", it)).isTrue();
    }

    @Test
    void sizeOfANumberOrAMissingAttributeMakesTheComparisonFalse() {
        assertThat(holds("size(a) >= :n", item("a", n(12345)), ":n", n(0))).isFalse();
        assertThat(holds("size(a) >= :n", item(), ":n", n(0))).isFalse();
    }

    @Test
    void functionsCombineWithLogic() {
        var it = item("pk", s("k"), "version", n(3));
        var ctx = context(Map.of(), ":v", n(3));
        var condition = Expressions.parseCondition("attribute_not_exists(pk) OR version = :v", ctx);
        assertThat(condition.test(it)).isTrue();
        assertThat(condition.test(item())).isTrue();
        assertThat(condition.test(item("pk", s("k"), "version", n(2)))).isFalse();
    }
}
