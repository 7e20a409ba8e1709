package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.Token.Kind;
import dev.ferry.local.dynamodb.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recursive descent over DynamoDB's condition grammar, with its precedence from loosest to tightest:
 * OR, AND, NOT, then comparisons, IN, BETWEEN and functions. Parentheses group conditions or operands;
 * which one is meant is decided by what follows the closing parenthesis.
 */
final class ConditionParser extends OperandParser {
    static final int MAX_IN_OPERANDS = 100;
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

    ConditionParser(String source, ExpressionKind kind, ExpressionContext context) {
        super(source, kind, context);
    }

    @Override
    Set<String> keywords() {
        return KEYWORDS;
    }

    ConditionNode parse() {
        return run(() -> {
            ConditionNode node = disjunction();
            expectEnd();
            return node;
        });
    }

    private ConditionNode disjunction() {
        ConditionNode left = conjunction();
        while (atKeyword("OR")) {
            next();
            left = new ConditionNode.Or(left, conjunction());
        }
        return left;
    }

    private ConditionNode conjunction() {
        ConditionNode left = negation();
        while (atKeyword("AND")) {
            next();
            left = new ConditionNode.And(left, negation());
        }
        return left;
    }

    private ConditionNode negation() {
        if (atKeyword("NOT")) {
            next();
            return new ConditionNode.Not(negation());
        }
        return predicate();
    }

    private ConditionNode predicate() {
        if (peek().is(Kind.LEFT_PAREN)) {
            // A parenthesised operand, as in "(a) = :v", is followed by what follows operands; anything
            // else after the closing parenthesis means the parentheses group a condition.
            int open = pos;
            int close = matchingParen[open];
            if (close < 0 || !followsOperand(tokens.get(close + 1))) {
                next();
                ConditionNode inner = disjunction();
                expect(Kind.RIGHT_PAREN);
                noteRedundantParentheses(open);
                return inner;
            }
        }
        return comparisonOrFunction();
    }

    private static boolean followsOperand(Token t) {
        return t.isComparator() || t.isKeyword("BETWEEN") || t.isKeyword("IN");
    }

    private ConditionNode comparisonOrFunction() {
        Operand left = operand();
        Token t = peek();
        if (t.isComparator()) {
            next();
            ComparisonOperator op = ComparisonOperator.of(t);
            Operand right = operand();
            checkNotBooleanFunction(left);
            checkNotBooleanFunction(right);
            checkDistinct(op.symbol(), left, right);
            if (op.isOrdering()) {
                checkOrderable(op.symbol(), left);
                checkOrderable(op.symbol(), right);
            }
            return new ConditionNode.Compare(op, left, right);
        }
        if (t.isKeyword("BETWEEN")) {
            next();
            Operand lower = operand();
            if (!atKeyword("AND")) throw new SyntaxFailure(pos);
            next();
            Operand upper = operand();
            for (Operand o : List.of(left, lower, upper)) {
                checkNotBooleanFunction(o);
                checkOrderable("BETWEEN", o);
            }
            checkBounds(lower, upper);
            return new ConditionNode.Between(left, lower, upper);
        }
        if (t.isKeyword("IN")) {
            next();
            expect(Kind.LEFT_PAREN);
            List<Operand> candidates = new ArrayList<>();
            candidates.add(operand());
            while (peek().is(Kind.COMMA)) {
                next();
                candidates.add(operand());
            }
            expect(Kind.RIGHT_PAREN);
            checkNotBooleanFunction(left);
            candidates.forEach(this::checkNotBooleanFunction);
            // The limit counts the left operand too: DynamoDB takes at most 99 candidates.
            int operands = candidates.size() + 1;
            if (operands > MAX_IN_OPERANDS) {
                problems.add(Problems.Kind.TOO_MANY_OPERANDS,
                        "The IN operator is provided with too many operands; number of operands: " + operands);
            }
            return new ConditionNode.In(left, candidates);
        }
        if (left instanceof Operand.Call call && Functions.BOOLEAN_FUNCTIONS.contains(call.name())) {
            return new ConditionNode.Function(call.name(), call.args());
        }
        if (left instanceof Operand.Call call && Functions.CONDITION_FUNCTIONS.containsKey(call.name())) {
            // size(...) yields a number, not a truth value.
            problems.add(Problems.Kind.MISUSED_FUNCTION,
                    "The function is not allowed to be used this way in an expression; function: " + call.name());
            return new ConditionNode.Function("attribute_exists", call.args());
        }
        if (left instanceof Operand.Call) {
            // An unknown function, already recorded; any placeholder will do for the tree.
            return new ConditionNode.Compare(ComparisonOperator.EQ, left, left);
        }
        throw new SyntaxFailure(pos);
    }

    @Override
    void operandParenthesesClosed(int open) {
        noteRedundantParentheses(open);
    }

    @Override
    void checkCall(Operand.Call call) {
        String name = call.name();
        if (!checkKnownFunction(name, Functions.CONDITION_FUNCTIONS, Functions.UPDATE_FUNCTIONS)) return;
        call.args().forEach(this::checkNotBooleanFunction);
        int arity = Functions.CONDITION_FUNCTIONS.get(name);
        if (!checkOperandCount(call, arity)) return;
        List<Operand> args = call.args();
        if (arity == 2) checkDistinct(name, args.get(0), args.get(1));
        switch (name) {
            case "attribute_exists", "attribute_not_exists" -> requirePath(name, args.getFirst());
            case "attribute_type" -> {
                // Unlike attribute_exists, the first operand may be a literal; the type must be one.
                Operand typeName = args.get(1);
                Optional<String> type = typeName.staticType();
                if (type.isEmpty() || !type.get().equals("S")) {
                    incorrectOperandType(name, type.orElse("{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"));
                } else if (typeName instanceof Operand.Literal l
                        && !Functions.TYPE_NAMES.contains(((Value.S) l.value()).value())) {
                    problems.add(Problems.Kind.OPERAND_TYPE, "Invalid attribute type name found; type: "
                            + ((Value.S) l.value()).value() + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
            }
            case "begins_with" -> {
                for (Operand arg : args) {
                    arg.staticType().filter(t -> !t.equals("S") && !t.equals("B"))
                            .ifPresent(t -> incorrectOperandType(name, t));
                }
            }
            case "size" -> args.getFirst().staticType().filter(t -> t.equals("N") || t.equals("BOOL") || t.equals("NULL"))
                    .ifPresent(t -> incorrectOperandType(name, t));
            default -> { }
        }
    }

    private void requirePath(String function, Operand operand) {
        if (!(operand instanceof Operand.Path)) {
            problems.add(Problems.Kind.OPERAND_TYPE,
                    "Operator or function requires a document path; operator or function: " + function);
        }
    }

    /** A truth-valued function cannot stand where a value is expected. */
    private void checkNotBooleanFunction(Operand operand) {
        if (operand instanceof Operand.Call c && Functions.BOOLEAN_FUNCTIONS.contains(c.name())) {
            problems.add(Problems.Kind.MISUSED_FUNCTION,
                    "The function is not allowed to be used this way in an expression; function: " + c.name());
        }
    }

    private void checkDistinct(String operator, Operand first, Operand second) {
        if (first instanceof Operand.Path a && second instanceof Operand.Path b && a.equals(b)) {
            problems.add(Problems.Kind.DISTINCT_OPERANDS,
                    "The first operand must be distinct from the remaining operands for this operator or function; operator: "
                            + operator + ", first operand: " + a.path().display());
        }
    }

    /** Ordering is defined for strings, numbers and binaries only; a literal of another type is an error. */
    private void checkOrderable(String operator, Operand operand) {
        operand.staticType().filter(t -> !t.equals("S") && !t.equals("N") && !t.equals("B"))
                .ifPresent(t -> incorrectOperandType(operator, t));
    }

    private void checkBounds(Operand lower, Operand upper) {
        if (!(lower instanceof Operand.Literal lo) || !(upper instanceof Operand.Literal hi)) return;
        if (!Value.comparable(lo.value(), hi.value())) {
            if (Value.comparable(lo.value(), lo.value()) && Value.comparable(hi.value(), hi.value())) {
                problems.add(Problems.Kind.OPERAND_TYPE, "The BETWEEN operator requires same data type for lower and upper bounds; "
                        + "lower bound operand: " + Functions.display(lo.value()) + ", upper bound operand: " + Functions.display(hi.value()));
            }
            return;
        }
        if (Value.compare(lo.value(), hi.value()) > 0) {
            problems.add(Problems.Kind.OPERAND_TYPE, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                    + "lower bound operand: " + Functions.display(lo.value()) + ", upper bound operand: " + Functions.display(hi.value()));
        }
    }
}
