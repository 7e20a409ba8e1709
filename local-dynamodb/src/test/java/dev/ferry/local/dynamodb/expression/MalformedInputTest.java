package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.item;
import static dev.ferry.local.dynamodb.expression.TestValues.l;
import static dev.ferry.local.dynamodb.expression.TestValues.m;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static dev.ferry.local.dynamodb.expression.TestValues.s;
import static dev.ferry.local.dynamodb.expression.TestValues.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.model.Value;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Whatever a client sends, the parsers and evaluators answer with a ValidationException or a result,
 * never another exception: random token soup, with a fixed seed so a failure can be replayed.
 */
class MalformedInputTest {
    private static final String[] PIECES = {
            "a", "b", ".", "[", "]", "0", "1", "(", ")", ",", "=", "<>", "<", "<=", ">", ">=", "+", "-", " ",
            ":v", ":w", ":l", ":s", "#n", "#x", "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE",
            "size", "contains", "begins_with", "attribute_exists", "attribute_type", "if_not_exists", "list_append",
            "status", "$", "_", "\"", ":", "#"};
    private static final Map<String, Value> VALUES = Map.of(":v", n(1), ":w", s("S"), ":l", l(n(1)), ":s", ss("x"));
    private static final Map<String, Value> ITEM = item("a", m("b", l(n(1), s("x"))), "b", n(2));

    @Test
    void randomTokenSoupNeverEscapesAsAnotherException() {
        Random random = new Random(20261130L);
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) text.append(PIECES[random.nextInt(PIECES.length)]).append(random.nextBoolean() ? " " : "");
            String expression = text.toString();
            survives(expression, e -> Expressions.parseCondition(e, context()).test(ITEM));
            survives(expression, e -> Expressions.parseUpdate(e, context()).apply(ITEM));
            survives(expression, e -> Expressions.parseProjection(e, context()).apply(ITEM));
            survives(expression, e -> Expressions.parseKeyCondition(e, context(), "a", Optional.of("b")).range()
                    .ifPresent(r -> r.test(n(1))));
        }
    }

    private static final String[] PATHS = {"a", "b", "a.b", "a.b[0]", "a.b[5]", "a.b[1].c", "c", "#n", "#n.b[0]", "b[0]", "b.c"};
    private static final String[] OPERANDS = {":v", ":w", ":l", ":s"};
    private static final Map<String, Value>[] ITEMS = items();

    @SuppressWarnings("unchecked")
    private static Map<String, Value>[] items() {
        return new Map[] {ITEM, item(), item("a", s("x")), item("a", l(n(1))), item("b", ss("x"), "c", m()),
                item("a", m("b", m("c", n(1)))), item("a", m("b", l(m("c", l())))), item("b", n(1), "c", l(n(1), n(2)))};
    }

    /** Grammatical expressions from random parts, which stress evaluation rather than parsing. */
    @Test
    void wellFormedRandomExpressionsEvaluateOrFailCleanly() {
        Random random = new Random(7L);
        int evaluated = 0;
        for (int i = 0; i < 2000; i++) {
            String condition = condition(random, 3);
            String update = update(random);
            for (Map<String, Value> it : ITEMS) {
                evaluated += survives(condition, e -> Expressions.parseCondition(e, context()).test(it));
                evaluated += survives(update, e -> Expressions.parseUpdate(e, context()).apply(it));
                evaluated += survives(String.join(", ", pick(random, PATHS), pick(random, PATHS)),
                        e -> Expressions.parseProjection(e, context()).apply(it));
            }
        }
        // Most of them must get through, or this test would only be exercising the error paths.
        assertThat(evaluated).isGreaterThan(2000 * ITEMS.length);
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String operand(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> pick(random, OPERANDS);
            case 1 -> "size(" + pick(random, PATHS) + ")";
            default -> pick(random, PATHS);
        };
    }

    private static String condition(Random random, int depth) {
        int choice = random.nextInt(depth > 0 ? 9 : 6);
        return switch (choice) {
            case 0 -> operand(random) + " " + pick(random, new String[] {"=", "<>", "<", "<=", ">", ">="}) + " " + operand(random);
            case 1 -> operand(random) + " BETWEEN " + operand(random) + " AND " + operand(random);
            case 2 -> operand(random) + " IN (" + operand(random) + ", " + operand(random) + ")";
            case 3 -> pick(random, new String[] {"attribute_exists", "attribute_not_exists"}) + "(" + pick(random, PATHS) + ")";
            case 4 -> pick(random, new String[] {"begins_with", "contains"}) + "(" + pick(random, PATHS) + ", " + operand(random) + ")";
            case 5 -> "attribute_type(" + pick(random, PATHS) + ", :w)";
            case 6 -> condition(random, depth - 1) + " AND " + condition(random, depth - 1);
            case 7 -> condition(random, depth - 1) + " OR " + condition(random, depth - 1);
            default -> "NOT (" + condition(random, depth - 1) + ")";
        };
    }

    private static String update(Random random) {
        StringBuilder out = new StringBuilder();
        out.append("SET ").append(pick(random, PATHS)).append(" = ").append(switch (random.nextInt(4)) {
            case 0 -> setOperand(random) + " + " + setOperand(random);
            case 1 -> setOperand(random) + " - " + setOperand(random);
            case 2 -> "list_append(" + setOperand(random) + ", " + setOperand(random) + ")";
            default -> setOperand(random);
        });
        if (random.nextBoolean()) out.append(" REMOVE ").append(pick(random, PATHS));
        if (random.nextBoolean()) out.append(" ADD ").append(pick(random, PATHS)).append(random.nextBoolean() ? " :v" : " :s");
        if (random.nextBoolean()) out.append(" DELETE ").append(pick(random, PATHS)).append(" :s");
        return out.toString();
    }

    private static String setOperand(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> pick(random, OPERANDS);
            case 1 -> "if_not_exists(" + pick(random, PATHS) + ", " + pick(random, OPERANDS) + ")";
            default -> pick(random, PATHS);
        };
    }

    @Test
    void validExpressionsFromTheSoupDoEvaluate() {
        assertThat(Expressions.parseCondition("a.b[0] = :v", context()).test(ITEM)).isTrue();
    }

    private static ExpressionContext context() {
        return new ExpressionContext(Map.of("#n", "a", "#x", "b"), VALUES);
    }

    /** 1 when the expression was evaluated, 0 when it was rejected with a ValidationException. */
    private static int survives(String expression, Consumer<String> use) {
        try {
            use.accept(expression);
            return 1;
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo("ValidationException");
            return 0;
        } catch (RuntimeException | StackOverflowError e) {
            fail("expression <" + expression + "> escaped with " + e, e);
            return 0;
        }
    }
}
