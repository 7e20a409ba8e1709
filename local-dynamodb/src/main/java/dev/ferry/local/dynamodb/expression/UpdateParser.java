package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.Token.Kind;
import dev.ferry.local.dynamodb.model.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive descent over update expressions: clauses SET, REMOVE, ADD and DELETE, each at most once, in
 * any order, each a comma-separated list of actions.
 */
final class UpdateParser extends OperandParser {
    private static final Set<String> KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");

    UpdateParser(String source, ExpressionContext context) {
        super(source, ExpressionKind.UPDATE, context);
        problems.reportFirst(Problems.Kind.RESERVED_WORD);
    }

    @Override
    Set<String> keywords() {
        return KEYWORDS;
    }

    UpdateExpression parse() {
        return run(() -> {
            List<UpdateAction> actions = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            do {
                Token clause = peek();
                if (!isKeyword(clause)) throw new SyntaxFailure(pos);
                next();
                String name = clause.text().toUpperCase(Locale.ROOT);
                if (!seen.add(name)) {
                    problems.add(Problems.Kind.REPEATED_SECTION,
                            "The \"" + name + "\" section can only be used once in an update expression;");
                }
                actions.add(action(name));
                while (peek().is(Kind.COMMA)) {
                    next();
                    actions.add(action(name));
                }
            } while (!peek().is(Kind.EOF));
            Documents.checkIndependent(actions.stream().map(UpdateAction::path).toList(), problems);
            return new UpdateExpression(actions);
        });
    }

    private UpdateAction action(String clause) {
        DocumentPath path = path();
        return switch (clause) {
            case "SET" -> {
                expect(Kind.EQ);
                yield new UpdateAction.Set(path, setValue());
            }
            case "REMOVE" -> new UpdateAction.Remove(path);
            case "ADD" -> {
                Value value = literal();
                if (!(value instanceof Value.N) && !Functions.isSet(value)) incorrectOperand("ADD", value);
                yield new UpdateAction.Add(path, value);
            }
            default -> {
                Value value = literal();
                if (!Functions.isSet(value)) incorrectOperand("DELETE", value);
                yield new UpdateAction.Delete(path, value);
            }
        };
    }

    private Value literal() {
        return valuePlaceholder(expect(Kind.VALUE_PLACEHOLDER));
    }

    private void incorrectOperand(String operator, Value value) {
        problems.add(Problems.Kind.OPERAND_TYPE, "Incorrect operand type for operator or function; operator: "
                + operator + ", operand type: " + Functions.longTypeName(value));
    }

    /** value := operand [('+' | '-') operand], optionally in parentheses; only one operator is allowed. */
    private Operand setValue() {
        if (peek().is(Kind.LEFT_PAREN) && matchingParen[pos] > 0 && !isOperandGroup(pos)) {
            next();
            Operand inner = setValue();
            expect(Kind.RIGHT_PAREN);
            return inner;
        }
        Operand left = operand();
        if (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
            boolean plus = next().is(Kind.PLUS);
            Operand right = operand();
            String symbol = plus ? "+" : "-";
            for (Operand o : List.of(left, right)) {
                o.staticType().filter(t -> !t.equals("N")).ifPresent(t -> incorrectOperandType(symbol, t));
            }
            return new Operand.Arithmetic(plus, left, right);
        }
        return left;
    }

    /**
     * True when the parentheses at {@code open} enclose a single operand, so that an arithmetic operator
     * may follow them, as in {@code (a) + :v}.
     */
    private boolean isOperandGroup(int open) {
        Token after = tokens.get(matchingParen[open] + 1);
        return after.is(Kind.PLUS) || after.is(Kind.MINUS);
    }

    @Override
    void checkCall(Operand.Call call) {
        String name = call.name();
        if (!checkKnownFunction(name, Functions.UPDATE_FUNCTIONS, Functions.CONDITION_FUNCTIONS)
                || !checkOperandCount(call, Functions.UPDATE_FUNCTIONS.get(name))) {
            return;
        }
        List<Operand> args = call.args();
        if (name.equals("if_not_exists")) {
            if (!(args.getFirst() instanceof Operand.Path)) {
                problems.add(Problems.Kind.OPERAND_TYPE,
                        "Operator or function requires a document path; operator or function: if_not_exists");
            }
        } else {
            for (Operand arg : args) {
                checkNotNested(arg);
                arg.staticType().filter(t -> !t.equals("L")).ifPresent(t -> incorrectOperandType(name, t));
            }
        }
    }

    /** DynamoDB refuses list_append nested inside list_append. */
    private void checkNotNested(Operand operand) {
        if (operand instanceof Operand.Call c && c.name().equals("list_append")) {
            problems.add(Problems.Kind.MISUSED_FUNCTION,
                    "The function is not allowed to be used this way in an expression; function: " + c.name());
        }
    }
}
