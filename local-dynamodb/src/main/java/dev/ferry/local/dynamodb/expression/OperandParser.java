package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the condition and update parsers share: operands (values, document paths and function calls) and
 * the checks every function call gets before its language checks its operands.
 */
abstract class OperandParser extends Parser {

    OperandParser(String source, ExpressionKind kind, ExpressionContext context) {
        super(source, kind, context);
    }

    /** Checks a parsed call against this language's functions and records what is wrong with it. */
    abstract void checkCall(Operand.Call call);

    /**
     * Called once the parentheses opened at {@code open} around an operand are closed. Conditions report
     * redundant ones; updates accept them silently.
     */
    void operandParenthesesClosed(int open) {
    }

    /** operand := '(' operand ')' | :value | name '(' operands ')' | path */
    final Operand operand() {
        Token t = peek();
        if (t.is(Kind.LEFT_PAREN)) {
            int open = pos;
            next();
            Operand inner = operand();
            expect(Kind.RIGHT_PAREN);
            operandParenthesesClosed(open);
            return inner;
        }
        if (t.is(Kind.VALUE_PLACEHOLDER)) {
            next();
            return new Operand.Literal(valuePlaceholder(t));
        }
        if (t.is(Kind.IDENTIFIER) && !isKeyword(t) && peek(1).is(Kind.LEFT_PAREN)) {
            return call();
        }
        return new Operand.Path(path());
    }

    private Operand call() {
        Token name = next();
        expect(Kind.LEFT_PAREN);
        List<Operand> args = new ArrayList<>();
        args.add(operand());
        while (peek().is(Kind.COMMA)) {
            next();
            args.add(operand());
        }
        expect(Kind.RIGHT_PAREN);
        Operand.Call call = new Operand.Call(name.text(), args);
        checkCall(call);
        return call;
    }

    /**
     * True when {@code name} is one of {@code functions}; otherwise records whether it belongs to the other
     * expression language ({@code otherLanguage}) or to none.
     */
    final boolean checkKnownFunction(String name, Map<String, Integer> functions, Map<String, Integer> otherLanguage) {
        if (functions.containsKey(name)) return true;
        if (otherLanguage.containsKey(name)) {
            problems.add(Problems.Kind.MISUSED_FUNCTION,
                    "The function is not allowed to be used this way in an expression; function: " + name);
        } else {
            problems.add(Problems.Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
        }
        return false;
    }

    /** True when the call has {@code arity} operands; otherwise records the mismatch. */
    final boolean checkOperandCount(Operand.Call call, int arity) {
        if (call.args().size() == arity) return true;
        problems.add(Problems.Kind.OPERAND_COUNT, "Incorrect number of operands for operator or function; operator or function: "
                + call.name() + ", number of operands: " + call.args().size());
        return false;
    }

    final void incorrectOperandType(String function, String type) {
        problems.add(Problems.Kind.OPERAND_TYPE, "Incorrect operand type for operator or function; operator or function: "
                + function + ", operand type: " + type);
    }
}
