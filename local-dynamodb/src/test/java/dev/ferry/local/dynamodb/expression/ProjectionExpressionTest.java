package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.context;
import static dev.ferry.local.dynamodb.expression.TestValues.failsWith;
import static dev.ferry.local.dynamodb.expression.TestValues.item;
import static dev.ferry.local.dynamodb.expression.TestValues.l;
import static dev.ferry.local.dynamodb.expression.TestValues.m;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static dev.ferry.local.dynamodb.expression.TestValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectionExpressionTest {
    private static final Map<String, Value> ITEM = item(
            "p", s("key"),
            "a", m("b", l(n(2), n(4), m("x", s("hi"), "y", s("yo"))), "c", n(5)),
            "b", s("hello"));

    private static Map<String, Value> project(String expression) {
        return Expressions.parseProjection(expression, ExpressionContext.empty()).apply(ITEM);
    }

    @Test
    void topLevelAttributesAreSelected() {
        assertThat(project("b")).isEqualTo(item("b", s("hello")));
        assertThat(project(" p ,  b ")).isEqualTo(item("p", s("key"), "b", s("hello")));
    }

    @Test
    void nestedPathsKeepTheirEnclosingStructure() {
        assertThat(project("a")).isEqualTo(item("a", ITEM.get("a")));
        assertThat(project("a.b")).isEqualTo(item("a", m("b", l(n(2), n(4), m("x", s("hi"), "y", s("yo"))))));
        assertThat(project("a.b[0]")).isEqualTo(item("a", m("b", l(n(2)))));
        assertThat(project("a.b[2].y")).isEqualTo(item("a", m("b", l(m("y", s("yo"))))));
    }

    @Test
    void selectedListElementsAreCompactedInIndexOrder() {
        assertThat(project("a.b[2], a.b[0]")).isEqualTo(item("a", m("b", l(n(2), m("x", s("hi"), "y", s("yo"))))));
    }

    @Test
    void severalPathsMergeIntoOneItem() {
        assertThat(project("a.b[0],a.c")).isEqualTo(item("a", m("b", l(n(2)), "c", n(5))));
        assertThat(project("a.c,b")).isEqualTo(item("a", m("c", n(5)), "b", s("hello")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "a.b[3]", "a.x", "a.x.y", "a.b[3].x", "a.b.x", "a[0]", "a.b[0].x", "a.b[0][0]"})
    void pathsTheItemLacksYieldNothing(String expression) {
        assertThat(project(expression)).isEmpty();
    }

    @Test
    void missingPathsAreSkippedAmongPresentOnes() {
        assertThat(project("a.x, a.b[0], x, a.b[3].x")).isEqualTo(item("a", m("b", l(n(2)))));
    }

    @Test
    void aMissingItemProjectsToNothing() {
        assertThat(Expressions.parseProjection("a.b", ExpressionContext.empty()).apply(Map.of())).isEmpty();
    }

    @Test
    void namePlaceholdersAreSinglePathElements() {
        var it = item("a.b", s("hi"), "a", m("b", s("yo")));
        var ctx = context(Map.of("#ab", "a.b", "#a", "a"));
        assertThat(Expressions.parseProjection("#ab, #a.b", ctx).apply(it)).isEqualTo(item("a.b", s("hi"), "a", m("b", s("yo"))));
    }

    @Test
    void pathsAreReportedInOrder() {
        var projection = Expressions.parseProjection("b, a.b[1]", ExpressionContext.empty());
        assertThat(projection.paths()).extracting(DocumentPath::display).containsExactly("[b]", "[a, b, [1]]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a, a", "a.b, a.b", "a[1], a[1]", "a, a.b", "a.b, a", "a.b, a.b[2]", "a, a.b[2].c", "a.b.d.e, a.b"})
    void overlappingPathsAreRejected(String expression) {
        assertThatThrownBy(() -> Expressions.parseProjection(expression, ExpressionContext.empty()))
                .hasMessageStartingWith("Invalid ProjectionExpression: Two document paths overlap with each other; "
                        + "must remove or rewrite one of these paths; path one: ");
    }

    @Test
    void overlapNamesBothPaths() {
        failsWith(() -> Expressions.parseProjection("a.b[0],a.b[0]", ExpressionContext.empty()),
                "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these "
                        + "paths; path one: [a, b, [0]], path two: [a, b, [0]]");
    }

    @Test
    void mapAndListUsesOfOnePathConflict() {
        failsWith(() -> Expressions.parseProjection("a.b, a[1]", ExpressionContext.empty()),
                "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these "
                        + "paths; path one: [a, b], path two: [a, [1]]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a, b", "a.b, a.c", "a.b.d, a.b.e", "a[1], a[2]", "a.b, a.c[2]"})
    void siblingPathsAreAllowed(String expression) {
        assertThatCode(() -> Expressions.parseProjection(expression, ExpressionContext.empty())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,", ",a", "a,,b", "a b", "a.", "a[x]", "(a)", ":v"})
    void malformedProjectionsAreSyntaxErrors(String expression) {
        assertThatThrownBy(() -> Expressions.parseProjection(expression, ExpressionContext.empty()))
                .hasMessageStartingWith("Invalid ProjectionExpression: Syntax error; token: ");
    }

    @Test
    void anEmptyProjectionIsRejected() {
        failsWith(() -> Expressions.parseProjection("", ExpressionContext.empty()),
                "Invalid ProjectionExpression: The expression can not be empty;");
    }

    @Test
    void reservedWordsAndUndefinedNamesAreRejected() {
        failsWith(() -> Expressions.parseProjection("name", ExpressionContext.empty()),
                "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
        failsWith(() -> Expressions.parseProjection("#n", ExpressionContext.empty()),
                "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #n");
    }

    @Test
    void pathsNestAtMostThirtyTwoLevels() {
        assertThatCode(() -> Expressions.parseProjection("a" + ".b".repeat(31), ExpressionContext.empty())).doesNotThrowAnyException();
        failsWith(() -> Expressions.parseProjection("a" + ".b".repeat(32), ExpressionContext.empty()),
                "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33");
    }
}
