package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.b;
import static dev.ferry.local.dynamodb.expression.TestValues.bs;
import static dev.ferry.local.dynamodb.expression.TestValues.context;
import static dev.ferry.local.dynamodb.expression.TestValues.failsWith;
import static dev.ferry.local.dynamodb.expression.TestValues.item;
import static dev.ferry.local.dynamodb.expression.TestValues.l;
import static dev.ferry.local.dynamodb.expression.TestValues.m;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static dev.ferry.local.dynamodb.expression.TestValues.ns;
import static dev.ferry.local.dynamodb.expression.TestValues.s;
import static dev.ferry.local.dynamodb.expression.TestValues.ss;
import static dev.ferry.local.dynamodb.expression.TestValues.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.dynamodb.model.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateExpressionTest {
    private static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";
    private static final String MISSING = "The provided expression refers to an attribute that does not exist in the item";
    private static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    private static Map<String, Value> apply(String expression, Map<String, Value> item, Object... valuePairs) {
        return Expressions.parseUpdate(expression, values(valuePairs)).apply(item);
    }

    @Test
    void setWritesTopLevelAttributesAndKeepsTheRest() {
        var result = apply("SET a = :v, b = :w", item("pk", s("k"), "a", s("old")), ":v", s("new"), ":w", n(2));
        assertThat(result).isEqualTo(item("pk", s("k"), "a", s("new"), "b", n(2)));
    }

    @Test
    void applyNeverChangesItsArgument() {
        var original = new HashMap<>(item("a", m("b", l(n(1), n(2))), "c", ss("x")));
        var copy = Map.copyOf(original);
        apply("SET a.b[0] = :v REMOVE a.b[1] ADD c :s", original, ":v", n(9), ":s", ss("y"));
        assertThat(original).isEqualTo(copy);
    }

    @Test
    void setCopiesAnotherAttributeReadBeforeTheUpdate() {
        var result = apply("SET b = a, a = :v", item("a", s("first")), ":v", s("second"));
        assertThat(result).isEqualTo(item("a", s("second"), "b", s("first")));
    }

    @Test
    void removeThenSetReadsTheOldValue() {
        assertThat(apply("REMOVE a SET b = a", item("a", s("hello")))).isEqualTo(item("b", s("hello")));
    }

    @Test
    void setFromAMissingAttributeFails() {
        failsWith(() -> apply("SET c = z", item("a", n(1))), MISSING);
        failsWith(() -> apply("SET x = :v, y = x", item(), ":v", n(1)), MISSING);
    }

    @Test
    void setArithmeticAddsAndSubtracts() {
        var it = item("a", n(2), "b", n(10));
        assertThat(apply("SET a = a + :v", it, ":v", n(3)).get("a")).isEqualTo(n(5));
        assertThat(apply("SET a = :v - a", it, ":v", n(7)).get("a")).isEqualTo(n(5));
        assertThat(apply("SET c = b - a", it).get("c")).isEqualTo(n(8));
        assertThat(apply("SET a = a + :v", it, ":v", n("0.5")).get("a")).isEqualTo(n("2.5"));
    }

    @Test
    void arithmeticOnANonNumberFails() {
        failsWith(() -> apply("SET a = a + :v", item("a", s("x")), ":v", n(1)), WRONG_TYPE);
    }

    @Test
    void arithmeticOnAMissingAttributeFails() {
        failsWith(() -> apply("SET a = a + :v", item(), ":v", n(1)), MISSING);
    }

    @Test
    void ifNotExistsGivesTheAttributeOrTheFallback() {
        assertThat(apply("SET a = if_not_exists(a, :v)", item(), ":v", n(2)).get("a")).isEqualTo(n(2));
        assertThat(apply("SET a = if_not_exists(a, :v)", item("a", n(1)), ":v", n(2)).get("a")).isEqualTo(n(1));
        assertThat(apply("SET b = if_not_exists(a, :v)", item("a", n(1)), ":v", n(2)).get("b")).isEqualTo(n(1));
    }

    @Test
    void ifNotExistsMakesACounterThatStartsItself() {
        var first = apply("SET hits = if_not_exists(hits, :zero) + :one", item(), ":zero", n(0), ":one", n(1));
        var second = apply("SET hits = if_not_exists(hits, :zero) + :one", first, ":zero", n(0), ":one", n(1));
        assertThat(second.get("hits")).isEqualTo(n(2));
    }

    @Test
    void ifNotExistsFallbackMayBeAnotherIfNotExists() {
        assertThat(apply("SET a = if_not_exists(b, if_not_exists(c, :v))", item("c", n(4)), ":v", n(3)).get("a"))
                .isEqualTo(n(4));
    }

    @Test
    void listAppendConcatenatesInEitherOrder() {
        var it = item("a", l(s("x"), n(2)));
        assertThat(apply("SET a = list_append(a, :v)", it, ":v", l(s("y"))).get("a")).isEqualTo(l(s("x"), n(2), s("y")));
        assertThat(apply("SET a = list_append(:v, a)", it, ":v", l(s("y"))).get("a")).isEqualTo(l(s("y"), s("x"), n(2)));
        assertThat(apply("SET b = list_append(a, a)", it).get("b")).isEqualTo(l(s("x"), n(2), s("x"), n(2)));
    }

    @Test
    void listAppendOntoAMissingListNeedsIfNotExists() {
        failsWith(() -> apply("SET a = list_append(a, :v)", item(), ":v", l(n(1))), MISSING);
        assertThat(apply("SET a = list_append(if_not_exists(a, :empty), :v)", item(), ":empty", l(), ":v", l(n(1))).get("a"))
                .isEqualTo(l(n(1)));
    }

    @Test
    void listAppendOfANonListAttributeFails() {
        failsWith(() -> apply("SET a = list_append(b, :v)", item("b", ss("x")), ":v", l(n(1))), WRONG_TYPE);
    }

    @Test
    void setNestedMapKeysAndListElements() {
        var it = item("a", m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(5), n(7)))))));
        var ctx = context(Map.of("#name", "x"), ":v", n(9), ":w", s("new"));
        var result = Expressions.parseUpdate("SET a.c[1].#name.y[1] = :v, a.d = :w", ctx).apply(it);
        assertThat(result).isEqualTo(item("a", m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(9), n(7))))), "d", s("new"))));
    }

    @Test
    void setReplacesANestedDocumentWithAnotherType() {
        assertThat(apply("SET a.c = :v", item("a", m("c", m("one", n(1)))), ":v", n(7))).isEqualTo(item("a", m("c", n(7))));
    }

    @Test
    void setBeyondTheEndOfAListAppendsInIndexOrder() {
        var it = item("a", l(s("one"), s("two"), s("three")));
        assertThat(apply("SET a[7] = :v", it, ":v", s("hello")).get("a"))
                .isEqualTo(l(s("one"), s("two"), s("three"), s("hello")));
        assertThat(apply("SET a[84] = :w, a[37] = :x, a[17] = :y, a[50] = :z", it,
                ":w", s("a1"), ":x", s("a2"), ":y", s("a3"), ":z", s("a4")).get("a"))
                .isEqualTo(l(s("one"), s("two"), s("three"), s("a3"), s("a2"), s("a4"), s("a1")));
    }

    @Test
    void setUnderAMissingOrMistypedParentFails() {
        var it = item("a", s("hello"), "b", l(s("hi")));
        failsWith(() -> apply("SET a.c = :v", it, ":v", n(7)), INVALID_PATH);
        failsWith(() -> apply("SET b.c = :v", it, ":v", n(7)), INVALID_PATH);
        failsWith(() -> apply("SET c.c = :v", it, ":v", n(7)), INVALID_PATH);
        failsWith(() -> apply("SET a[0] = :v", it, ":v", n(7)), INVALID_PATH);
        failsWith(() -> apply("SET c[0] = :v", item(), ":v", n(7)), INVALID_PATH);
    }

    @Test
    void removeDeletesAttributesAndNestedParts() {
        var it = item("a", m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(5), n(7))), "q", n(2)))), "z", n(1));
        var result = apply("REMOVE a.c[1].x.y[1], a.c[1].q, z", it);
        assertThat(result).isEqualTo(item("a", m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(7))))))));
    }

    @Test
    void removingListElementsUsesTheirOriginalIndexes() {
        var it = item("a", l(n(2), n(3), n(4), n(5), n(6), n(7)));
        assertThat(apply("REMOVE a[1], a[3]", it).get("a")).isEqualTo(l(n(2), n(4), n(6), n(7)));
        assertThat(apply("REMOVE a[1] SET a[3] = :v", it, ":v", n(17)).get("a")).isEqualTo(l(n(2), n(4), n(17), n(6), n(7)));
        assertThat(apply("SET a[3] = :v REMOVE a[1]", it, ":v", n(17)).get("a")).isEqualTo(l(n(2), n(4), n(17), n(6), n(7)));
    }

    @Test
    void removingWhatIsNotThereChangesNothing() {
        var it = item("a", m("x", n(3)), "b", l(s("hi")));
        assertThat(apply("REMOVE a.y", it)).isEqualTo(it);
        assertThat(apply("REMOVE b[7]", it)).isEqualTo(it);
        assertThat(apply("REMOVE c", it)).isEqualTo(it);
    }

    @Test
    void removingTheLastMemberLeavesAnEmptyMapOrList() {
        assertThat(apply("REMOVE a.b", item("a", m("b", n(1))))).isEqualTo(item("a", m()));
        assertThat(apply("REMOVE a[0]", item("a", l(n(1))))).isEqualTo(item("a", l()));
    }

    @Test
    void removeUnderAMissingOrMistypedParentFails() {
        var it = item("a", s("hello"), "b", l(s("hi")));
        failsWith(() -> apply("REMOVE a.c", it), INVALID_PATH);
        failsWith(() -> apply("REMOVE b.c", it), INVALID_PATH);
        failsWith(() -> apply("REMOVE c.c", it), INVALID_PATH);
        failsWith(() -> apply("REMOVE a[0]", it), INVALID_PATH);
    }

    @Test
    void removeOfANestedPathOnAMissingItemIsIgnored() {
        assertThat(apply("REMOVE x.y, z[0]", item())).isEmpty();
    }

    @Test
    void addIncrementsANumberOrCreatesIt() {
        assertThat(apply("ADD a :v", item("a", n(3)), ":v", n(4)).get("a")).isEqualTo(n(7));
        assertThat(apply("ADD a :v", item("a", n(3)), ":v", n(-4)).get("a")).isEqualTo(n(-1));
        assertThat(apply("ADD b :v", item(), ":v", n(8))).isEqualTo(item("b", n(8)));
    }

    @Test
    void addUnitesSetsOrCreatesThem() {
        assertThat(apply("ADD a :v", item("a", ss("dog", "cat")), ":v", ss("cat", "pig")).get("a")).isEqualTo(ss("dog", "cat", "pig"));
        assertThat(apply("ADD a :v", item("a", ns(1)), ":v", ns(2)).get("a")).isEqualTo(ns(1, 2));
        assertThat(apply("ADD a :v", item("a", bs(b(1))), ":v", bs(b(2))).get("a")).isEqualTo(bs(b(1), b(2)));
        assertThat(apply("ADD a :v", item(), ":v", ss("x")).get("a")).isEqualTo(ss("x"));
    }

    @Test
    void addOnANestedPathNeedsItsParent() {
        assertThat(apply("ADD a.hits :v", item("a", m()), ":v", n(1))).isEqualTo(item("a", m("hits", n(1))));
        failsWith(() -> apply("ADD a.hits :v", item("b", n(1)), ":v", n(1)), INVALID_PATH);
    }

    @Test
    void addToAnAttributeOfAnotherTypeFails() {
        failsWith(() -> apply("ADD a :v", item("a", s("hi")), ":v", n(1)), WRONG_TYPE);
        failsWith(() -> apply("ADD a :v", item("a", ns(1)), ":v", ss("x")), WRONG_TYPE);
        failsWith(() -> apply("ADD a :v", item("a", l(n(1))), ":v", ns(1)), WRONG_TYPE);
    }

    @Test
    void deleteRemovesSetMembers() {
        var it = item("a", ss("dog", "cat", "mouse"), "b", s("hi"));
        assertThat(apply("DELETE a :v", it, ":v", ss("cat", "mouse")).get("a")).isEqualTo(ss("dog"));
        assertThat(apply("DELETE a :v", it, ":v", ss("pig")).get("a")).isEqualTo(ss("dog", "cat", "mouse"));
        assertThat(apply("DELETE a :v", item("a", ns(1, 2)), ":v", ns(2)).get("a")).isEqualTo(ns(1));
    }

    @Test
    void deletingEveryMemberRemovesTheAttribute() {
        assertThat(apply("DELETE a :v", item("a", ss("dog"), "b", s("hi")), ":v", ss("dog"))).isEqualTo(item("b", s("hi")));
    }

    @Test
    void deleteFromAMissingAttributeChangesNothing() {
        assertThat(apply("DELETE a :v", item("b", s("hi")), ":v", ss("dog"))).isEqualTo(item("b", s("hi")));
    }

    @Test
    void deleteFromAnotherTypeFails() {
        failsWith(() -> apply("DELETE a :v", item("a", ns(1)), ":v", ss("x")), WRONG_TYPE);
    }

    @Test
    void allFourClausesWorkTogetherInAnyOrderAndCase() {
        var it = item("a", n(1), "b", s("gone"), "c", ss("x", "y"), "d", ns(5));
        var result = apply("delete c :del add d :add REMOVE b set a = a + :one", it,
                ":del", ss("x"), ":add", ns(6), ":one", n(1));
        assertThat(result).isEqualTo(item("a", n(2), "c", ss("y"), "d", ns(5, 6)));
    }

    @Test
    void parenthesesAroundOperandsAndValuesAreAllowed() {
        assertThat(apply("SET a = (:v)", item(), ":v", n(1)).get("a")).isEqualTo(n(1));
        assertThat(apply("SET a = (b) + (:v)", item("b", n(1)), ":v", n(1)).get("a")).isEqualTo(n(2));
        assertThat(apply("SET a = (b + :v)", item("b", n(1)), ":v", n(1)).get("a")).isEqualTo(n(2));
    }

    @Test
    void targetsListEveryActionsPath() {
        var update = Expressions.parseUpdate("SET a.b = :v REMOVE c[1] ADD d :n DELETE e :s",
                values(":v", n(1), ":n", n(1), ":s", ss("x")));
        assertThat(update.targets()).extracting(DocumentPath::display)
                .containsExactly("[a, b]", "[c, [1]]", "[d]", "[e]");
        assertThat(update.targets()).extracting(DocumentPath::attribute).containsExactly("a", "c", "d", "e");
        assertThat(update.targets().get(0).isTopLevel()).isFalse();
        assertThat(update.targets().get(2)).isEqualTo(DocumentPath.of("d"));
    }

    @Test
    void targetsProjectTheUpdatedAttributesForReturnValues() {
        var update = Expressions.parseUpdate("SET a.b = :v, c = :v", values(":v", n(5)));
        var old = item("a", m("b", n(1), "x", n(0)), "c", n(2), "other", n(3));
        var projection = Expressions.Projection.ofPaths(update.targets());
        assertThat(projection.apply(old)).isEqualTo(item("a", m("b", n(1)), "c", n(2)));
        assertThat(projection.apply(update.apply(old))).isEqualTo(item("a", m("b", n(5)), "c", n(5)));
        assertThat(projection.paths()).isEqualTo(List.copyOf(update.targets()));
    }

    @Test
    void numberOverflowFromArithmeticIsAValidationError() {
        failsWith(() -> apply("SET a = a + :v", item("a", n("9.9E+125")), ":v", n("9.9E+125")),
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
}
