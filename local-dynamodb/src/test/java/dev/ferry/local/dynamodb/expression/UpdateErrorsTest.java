package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.b;
import static dev.ferry.local.dynamodb.expression.TestValues.bool;
import static dev.ferry.local.dynamodb.expression.TestValues.failsWith;
import static dev.ferry.local.dynamodb.expression.TestValues.l;
import static dev.ferry.local.dynamodb.expression.TestValues.m;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static dev.ferry.local.dynamodb.expression.TestValues.nul;
import static dev.ferry.local.dynamodb.expression.TestValues.s;
import static dev.ferry.local.dynamodb.expression.TestValues.ss;
import static dev.ferry.local.dynamodb.expression.TestValues.values;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateErrorsTest {

    private static void rejects(String expression, String message, Object... valuePairs) {
        failsWith(() -> Expressions.parseUpdate(expression, values(valuePairs)), "Invalid UpdateExpression: " + message);
    }

    @Test
    void anEmptyExpressionIsRejected() {
        rejects("", "The expression can not be empty;");
    }

    @Test
    void aClauseWithoutActionsIsASyntaxError() {
        rejects("SET", "Syntax error; token: \"<EOF>\", near: \"SET\"");
    }

    @Test
    void anUnderscoreCannotStartAName() {
        rejects("SET _123 = :v", "Syntax error; token: \"_\", near: \"SET _123\"", ":v", n(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELLO a = :v", "SET a :v", "SET :v = :v", "SET a = :v + :v + :v", "SET a = if_not_exists(a, :v + :v)",
            "SET a = :v,", "REMOVE a b", "ADD a", "ADD a b", "DELETE a list_append(a, :v)", "SET a[:v] = :v", "SET a = :v SET",
            "SET hi-there = :v", "SET a = 1", "SET # = :v", "SET a = :", "SET a = :v REMOVE"})
    void malformedExpressionsAreSyntaxErrors(String expression) {
        assertThatThrownBy(() -> Expressions.parseUpdate(expression, values(":v", n(1))))
                .hasMessageStartingWith("Invalid UpdateExpression: Syntax error; token: ");
    }

    @Test
    void eachClauseMayAppearOnce() {
        rejects("SET a = :v SET b = :v", "The \"SET\" section can only be used once in an update expression;", ":v", n(1));
        rejects("SET a = :v REMOVE b SET c = :v", "The \"SET\" section can only be used once in an update expression;", ":v", n(1));
        rejects("add a :v ADD b :v", "The \"ADD\" section can only be used once in an update expression;", ":v", n(1));
    }

    @Test
    void reservedWordsCannotBeBareAttributeNames() {
        rejects("SET status = :v", "Attribute name is a reserved keyword; reserved keyword: status", ":v", n(1));
        rejects("REMOVE a.name", "Attribute name is a reserved keyword; reserved keyword: name");
    }

    @Test
    void undefinedPlaceholdersAreRejected() {
        rejects("SET a = :nope", "An expression attribute value used in expression is not defined; attribute value: :nope");
        rejects("SET #nope = :v", "An expression attribute name used in the document path is not defined; attribute name: #nope",
                ":v", n(1));
    }

    @Test
    void writingOnePathTwiceOverlaps() {
        rejects("SET a = :v REMOVE a", "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                + "path one: [a], path two: [a]", ":v", n(1));
        rejects("SET a = :v, a = :v", "Two document paths overlap with each other; must remove or rewrite one of these paths; "
                + "path one: [a], path two: [a]", ":v", n(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET a = :v, a.b = :v", "SET a.b = :v, a = :v", "SET a.b = :v, a.b.c.d.e = :v", "SET a[1][1] = :v, a[1] = :v",
            "SET a = :v ADD a.b :v", "REMOVE a.b DELETE a.b.c :s"})
    void writingAPathAndItsParentOverlaps(String expression) {
        assertThatThrownBy(() -> Expressions.parseUpdate(expression, values(":v", n(1), ":s", ss("x"))))
                .hasMessageStartingWith("Invalid UpdateExpression: Two document paths overlap with each other");
    }

    @Test
    void aPathUsedAsBothMapAndListConflicts() {
        rejects("SET a.b = :v, a[1] = :v", "Two document paths conflict with each other; must remove or rewrite one of these paths; "
                + "path one: [a, b], path two: [a, [1]]", ":v", n(1));
    }

    @Test
    void siblingPathsAreIndependent() {
        assertThatCode(() -> Expressions.parseUpdate("SET a.b = :v, a.c = :v, a.d[1] = :v, a.d[2] = :v REMOVE x, y.z",
                values(":v", n(1)))).doesNotThrowAnyException();
    }

    @Test
    void addTakesANumberOrASet() {
        rejects("ADD a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: STRING", ":v", s("x"));
        rejects("ADD a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: LIST", ":v", l(n(1)));
        rejects("ADD a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: MAP", ":v", m());
        rejects("ADD a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN", ":v", bool(true));
        rejects("ADD a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: BINARY", ":v", b(1));
        rejects("ADD a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: NULL", ":v", nul());
    }

    @Test
    void deleteTakesASet() {
        rejects("DELETE a :v", "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER", ":v", n(1));
        rejects("DELETE a :v", "Incorrect operand type for operator or function; operator: DELETE, operand type: STRING", ":v", s("x"));
    }

    @Test
    void arithmeticTakesNumbers() {
        rejects("SET a = :v + :w", "Incorrect operand type for operator or function; operator or function: +, operand type: S",
                ":v", s("dog"), ":w", n(3));
        rejects("SET a = b - :w", "Incorrect operand type for operator or function; operator or function: -, operand type: L",
                ":w", l());
    }

    @Test
    void listAppendTakesLists() {
        rejects("SET a = list_append(:v, :w)",
                "Incorrect operand type for operator or function; operator or function: list_append, operand type: S",
                ":v", l(n(1)), ":w", s("hi"));
    }

    @Test
    void listAppendCannotNestInListAppend() {
        rejects("SET a = list_append(list_append(:v, :v), :v)",
                "The function is not allowed to be used this way in an expression; function: list_append", ":v", l(n(1)));
    }

    @Test
    void functionsCheckTheirOperands() {
        rejects("SET a = list_append(:v)",
                "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1",
                ":v", l());
        rejects("SET a = if_not_exists(:v, :v)",
                "Operator or function requires a document path; operator or function: if_not_exists", ":v", n(1));
    }

    @Test
    void functionNamesAreCaseSensitiveAndConditionFunctionsAreNotAllowedHere() {
        rejects("SET a = LIST_APPEND(:v, :v)", "Invalid function name; function: LIST_APPEND", ":v", l());
        rejects("SET a = size(b)", "The function is not allowed to be used this way in an expression; function: size");
        rejects("SET a = f123_hi(b, c, d)", "Invalid function name; function: f123_hi");
    }

    @Test
    void aReservedWordIsReportedBeforeAnUnknownFunction() {
        rejects("SET status = frob(b)", "Attribute name is a reserved keyword; reserved keyword: status");
    }

    @Test
    void keywordsOfTheUpdateGrammarAreNotAttributeNames() {
        rejects("SET a = remove", "Syntax error; token: \"remove\", near: \"= remove\"");
    }
}
