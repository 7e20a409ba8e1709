package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.context;
import static dev.ferry.local.dynamodb.expression.TestValues.failsWith;
import static dev.ferry.local.dynamodb.expression.TestValues.l;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static dev.ferry.local.dynamodb.expression.TestValues.s;
import static dev.ferry.local.dynamodb.expression.TestValues.ss;
import static dev.ferry.local.dynamodb.expression.TestValues.values;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionErrorsTest {

    private static void rejects(String expression, String message, Object... valuePairs) {
        failsWith(() -> Expressions.parseCondition(expression, values(valuePairs)), "Invalid ConditionExpression: " + message);
    }

    @Test
    void anEmptyExpressionIsRejected() {
        rejects("", "The expression can not be empty;");
    }

    @Test
    void aFilterExpressionNamesItselfInErrors() {
        failsWith(() -> Expressions.parseFilter("", ExpressionContext.empty()),
                "Invalid FilterExpression: The expression can not be empty;");
    }

    @Test
    void aMissingOperandIsASyntaxErrorAtTheEnd() {
        rejects("a = ", "Syntax error; token: \"<EOF>\", near: \"=\"");
    }

    @Test
    void syntaxErrorsQuoteTheTokenAndItsNeighbours() {
        rejects("a = = :v", "Syntax error; token: \"=\", near: \"= = :v\"", ":v", n(1));
        rejects("a $ :v", "Syntax error; token: \"$\", near: \"a $ :v\"", ":v", n(1));
    }

    @Test
    void aBareAttributeIsNotACondition() {
        rejects("a", "Syntax error; token: \"<EOF>\", near: \"a\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_a = :v", "1a = :v", "a = :", "a.b. = :v", "a[:v] = :v", "a[] = :v", "(a = :v", "a = :v)",
            "a = :v AND", "a BETWEEN :v", "a IN :v", "a IN ()", "NOT", "a = :v b = :v", "a == :v", "a =< :v"})
    void malformedExpressionsAreSyntaxErrors(String expression) {
        var ctx = values(":v", n(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Expressions.parseCondition(expression, ctx))
                .hasMessageStartingWith("Invalid ConditionExpression: Syntax error; token: ");
    }

    @Test
    void keywordsCannotBeAttributeNames() {
        rejects("between = :v", "Syntax error; token: \"between\", near: \"between =\"", ":v", n(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "name", "data", "count", "size", "Date", "TTL", "value"})
    void reservedWordsCannotBeBareAttributeNames(String word) {
        rejects(word + " = :v", "Attribute name is a reserved keyword; reserved keyword: " + word, ":v", n(1));
    }

    @Test
    void reservedWordsAreRejectedAnywhereInAPath() {
        rejects("a.status = :v", "Attribute name is a reserved keyword; reserved keyword: status", ":v", n(1));
    }

    @Test
    void reservedWordsAreFineBehindAPlaceholder() {
        var ctx = context(Map.of("#s", "status"), ":v", n(1));
        assertThatCode(() -> Expressions.parseCondition("#s = :v", ctx)).doesNotThrowAnyException();
    }

    @Test
    void anUndefinedValuePlaceholderIsRejected() {
        rejects("a = :missing", "An expression attribute value used in expression is not defined; attribute value: :missing");
    }

    @Test
    void anUndefinedNamePlaceholderIsRejected() {
        rejects("#missing = :v", "An expression attribute name used in the document path is not defined; attribute name: #missing",
                ":v", n(1));
    }

    @Test
    void aReservedWordIsReportedBeforeAnUndefinedPlaceholder() {
        rejects("status = :missing", "Attribute name is a reserved keyword; reserved keyword: status");
    }

    @Test
    void functionNamesAreCaseSensitive() {
        rejects("ATTRIBUTE_EXISTS(a)", "Invalid function name; function: ATTRIBUTE_EXISTS");
    }

    @Test
    void unknownFunctionsAreNamed() {
        rejects("frobnicate(a, :v)", "Invalid function name; function: frobnicate", ":v", n(1));
    }

    @Test
    void updateFunctionsAreNotAllowedInConditions() {
        rejects("if_not_exists(a, :v) = :v", "The function is not allowed to be used this way in an expression; function: if_not_exists",
                ":v", n(1));
        rejects("list_append(a, :v) = :v", "The function is not allowed to be used this way in an expression; function: list_append",
                ":v", n(1));
    }

    @Test
    void functionsCheckTheirNumberOfOperands() {
        rejects("attribute_exists(a, b)",
                "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2");
        rejects("begins_with(a)",
                "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1");
    }

    @Test
    void attributeExistsNeedsADocumentPath() {
        rejects("attribute_exists(:v)", "Operator or function requires a document path; operator or function: attribute_exists",
                ":v", n(1));
        rejects("attribute_not_exists(size(a))",
                "Operator or function requires a document path; operator or function: attribute_not_exists");
    }

    @Test
    void attributeTypeTakesItsTypeNameFromAValueNotFromTheItem() {
        rejects("attribute_type(a, b)", "Incorrect operand type for operator or function; operator or function: attribute_type, "
                + "operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
    }

    @Test
    void attributeTypeNeedsAStringNamingAType() {
        rejects("attribute_type(a, :t)",
                "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N", ":t", n(1));
        rejects("attribute_type(a, :t)",
                "Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}", ":t", s("STRING"));
    }

    @Test
    void beginsWithTakesStringsOrBinaries() {
        rejects("begins_with(a, :p)",
                "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N", ":p", n(1));
        rejects("begins_with(a, :p)",
                "Incorrect operand type for operator or function; operator or function: begins_with, operand type: SS", ":p", ss("x"));
    }

    @Test
    void sizeRejectsALiteralNumber() {
        rejects("size(:v) > :v", "Incorrect operand type for operator or function; operator or function: size, operand type: N",
                ":v", n(1));
    }

    @Test
    void sizeAloneIsNotACondition() {
        rejects("size(a)", "The function is not allowed to be used this way in an expression; function: size");
    }

    @Test
    void aTruthValuedFunctionIsNotAnOperand() {
        rejects("attribute_exists(a) = :v",
                "The function is not allowed to be used this way in an expression; function: attribute_exists", ":v", n(1));
        rejects("contains(contains(a, :v), :v)",
                "The function is not allowed to be used this way in an expression; function: contains", ":v", n(1));
    }

    @Test
    void comparingAnAttributeWithItselfIsRejected() {
        rejects("a = a", "The first operand must be distinct from the remaining operands for this operator or function; "
                + "operator: =, first operand: [a]");
        rejects("begins_with(a.b[1], a.b[1])", "The first operand must be distinct from the remaining operands for this "
                + "operator or function; operator: begins_with, first operand: [a, b, [1]]");
    }

    @Test
    void orderingALiteralThatHasNoOrderIsRejected() {
        rejects("a < :v", "Incorrect operand type for operator or function; operator or function: <, operand type: L",
                ":v", l(n(1)));
        rejects(":v >= a", "Incorrect operand type for operator or function; operator or function: >=, operand type: SS",
                ":v", ss("x"));
    }

    @Test
    void betweenNeedsTheLowerBoundFirst() {
        rejects("a BETWEEN :hi AND :lo", "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                + "lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}", ":hi", n(5), ":lo", n(1));
    }

    @Test
    void betweenNeedsBoundsOfOneType() {
        rejects("a BETWEEN :lo AND :hi", "The BETWEEN operator requires same data type for lower and upper bounds; "
                + "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:z}", ":lo", n(1), ":hi", s("z"));
    }

    @Test
    void inTakesAtMostAHundredOperandsCountingItsLeftOperand() {
        StringBuilder expr = new StringBuilder("a IN (");
        for (int i = 0; i < 100; i++) expr.append(i == 0 ? "" : ",").append(":v");
        expr.append(")");
        rejects(expr.toString(), "The IN operator is provided with too many operands; number of operands: 101", ":v", n(1));
    }

    @Test
    void doubledParenthesesAreRedundant() {
        rejects("((a = :v))", "The expression has redundant parentheses;", ":v", n(1));
        rejects("((a)) = :v", "The expression has redundant parentheses;", ":v", n(1));
    }

    @Test
    void singleParenthesesAroundEachPartAreFine() {
        assertThatCode(() -> Expressions.parseCondition("(a = :v) AND ((b = :v) OR (c = :v))", values(":v", n(1))))
                .doesNotThrowAnyException();
    }

    @Test
    void expressionsLongerThanFourKilobytesAreRejected() {
        String longName = "a".repeat(4092);
        rejects(longName + " = :v", "Expression size has exceeded the maximum allowed size; expression size: 4097", ":v", n(1));
        String justFits = "a".repeat(4091) + " = :v";
        assertThatCode(() -> Expressions.parseCondition(justFits, values(":v", n(1)))).doesNotThrowAnyException();
    }

    @Test
    void documentPathsNestAtMostThirtyTwoLevels() {
        String deepest = "a" + ".b".repeat(31);
        assertThatCode(() -> Expressions.parseCondition("attribute_exists(" + deepest + ")", ExpressionContext.empty()))
                .doesNotThrowAnyException();
        rejects("attribute_exists(" + deepest + ".c)", "The document path has too many nesting levels; nesting levels: 33");
    }

    @Test
    void deeplyNestedParenthesesParseWithoutBacktrackingBlowUp() {
        String expr = "(".repeat(12) + "a = :v" + ")".repeat(12);
        rejects(expr, "The expression has redundant parentheses;", ":v", n(1));
    }
}
