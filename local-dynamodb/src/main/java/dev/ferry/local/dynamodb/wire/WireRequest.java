package dev.ferry.local.dynamodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;

/**
 * What AWS does with a request before DynamoDB proper sees it, in AWS's order: the JSON is read as the
 * operation's input ({@link TypeCheck}, SerializationException), a control-plane operation without a TableName
 * is refused, then every member constraint is checked at once ({@link ConstraintCheck}, ValidationException).
 * Only then do the operations run their own checks and look their tables up.
 */
public final class WireRequest {
    private WireRequest() {}

    /** The body read as {@code operation}'s input, ready for the operation; unknown operations pass unchanged. */
    public static JsonNode read(String operation, ObjectNode body) {
        var input = OperationShapes.input(operation);
        if (input.isEmpty()) return body;
        ObjectNode request = TypeCheck.check(body, input.get());
        if (OperationShapes.tableNameRequired(operation) && !request.has("TableName")) {
            throw ApiException.validation("The parameter 'TableName' is required but was not present in the request");
        }
        ConstraintCheck.check(request, input.get());
        return request;
    }
}
