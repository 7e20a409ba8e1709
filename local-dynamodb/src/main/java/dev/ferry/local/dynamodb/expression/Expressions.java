package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.model.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry points for DynamoDB's expression languages. Every parse method resolves {@code #name} and
 * {@code :value} placeholders through the request's {@link ExpressionContext}, which records their use
 * so the caller can reject unused ones once all of a request's expressions are parsed.
 *
 * <p>Items are plain maps from attribute name to {@link Value}; a missing item is an empty map.
 * Every error is an {@code ApiException.validation(...)} with DynamoDB's wording where it has one.
 */
public final class Expressions {
    private Expressions() {}

    /** A ConditionExpression or FilterExpression. */
    public static Condition parseCondition(String text, ExpressionContext context) {
        return new ConditionParser(text, ExpressionKind.CONDITION, context).parse();
    }

    /** A FilterExpression of Query or Scan: the condition grammar, with errors naming FilterExpression. */
    public static Condition parseFilter(String text, ExpressionContext context) {
        return new ConditionParser(text, ExpressionKind.FILTER, context).parse();
    }

    /** An UpdateExpression (SET, REMOVE, ADD, DELETE clauses). */
    public static Update parseUpdate(String text, ExpressionContext context) {
        return new UpdateParser(text, context).parse();
    }

    /** A ProjectionExpression: a comma-separated list of document paths. */
    public static Projection parseProjection(String text, ExpressionContext context) {
        return new ProjectionParser(text, context).parse();
    }

    /**
     * A KeyConditionExpression for a key schema with the given hash and optional range attribute:
     * equality on the hash key, optionally AND one of =, <, <=, >, >=, BETWEEN, begins_with on the range key.
     */
    public static KeyCondition parseKeyCondition(String text, ExpressionContext context,
                                                 String hashKey, Optional<String> rangeKey) {
        return KeyConditionParser.parse(text, context, hashKey, rangeKey);
    }

    /**
     * A KeyConditionExpression checked as far as it can be without the table: grammar, placeholders, operators
     * and the number of conditions. {@link KeyConditions#against} holds it to a key schema later.
     */
    public static KeyConditions parseKeyConditions(String text, ExpressionContext context) {
        return KeyConditionParser.parse(text, context);
    }

    /** A parsed KeyConditionExpression waiting for the key schema it applies to. */
    public interface KeyConditions {
        KeyCondition against(String hashKey, Optional<String> rangeKey);
    }

    /** A condition over an item. */
    public interface Condition {
        boolean test(Map<String, Value> item);

        /**
         * The document paths the condition reads, in order of appearance (for example to reject a
         * FilterExpression on key attributes, which DynamoDB forbids in a Query).
         */
        default List<DocumentPath> paths() {
            return List.of();
        }
    }

    /** An update over an item; {@link #apply} returns the new item and never mutates its argument. */
    public interface Update {
        Map<String, Value> apply(Map<String, Value> item);

        /** The document paths this update sets, removes, adds to or deletes from (for UPDATED_OLD/NEW and key checks). */
        List<DocumentPath> targets();

        /**
         * True when every action only takes something away (REMOVE, DELETE): such an update leaves a
         * missing item missing instead of creating it with just its key.
         */
        default boolean removesOnly() {
            return false;
        }
    }

    /** Selects document paths from an item. */
    public interface Projection {
        Map<String, Value> apply(Map<String, Value> item);

        List<DocumentPath> paths();

        /**
         * A projection of already-resolved paths, without the checks a parsed expression gets; for
         * ReturnValues UPDATED_OLD / UPDATED_NEW over an update's {@link Update#targets()}, for example.
         */
        static Projection ofPaths(List<DocumentPath> paths) {
            return new ProjectionExpression(paths);
        }
    }

    /** The parsed key condition: the hash key's value and, optionally, a condition on the range key. */
    public record KeyCondition(Value hashValue, Optional<RangeCondition> range) {}

    /** A condition on the range key, checked against a candidate item's range value. */
    public interface RangeCondition {
        boolean test(Value rangeValue);

        /** The values the range key is compared with (their types must be the key's). */
        List<Value> values();
    }
}
