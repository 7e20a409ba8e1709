package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Map;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of its
 * expressions, recording which placeholders were used.
 */
public final class ExpressionContext {
    public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
        throw new UnsupportedOperationException("implemented by the expression package");
    }

    /** An empty context, for requests without placeholders. */
    public static ExpressionContext empty() {
        return new ExpressionContext(Map.of(), Map.of());
    }

    /**
     * Throws a ValidationException when a name or value was supplied but not used by any expression
     * of the request, as DynamoDB does. Call once, after parsing all of the request's expressions.
     */
    public void requireAllUsed() {
        throw new UnsupportedOperationException("implemented by the expression package");
    }
}
