package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;

/** An error whose body carries more than {@code __type} and {@code message}: an Item, CancellationReasons, ... */
public final class DetailedApiException extends ApiException {
    private final transient ObjectNode details;

    public DetailedApiException(String code, int status, String message, ObjectNode details) {
        super(code, status, message);
        this.details = details;
    }

    /** Fields to add to the error body beside {@code __type} and {@code message}. */
    public ObjectNode details() {
        return details.deepCopy();
    }
}
