package dev.ferry.local.dynamodb;

/**
 * An error the emulator answers with, carrying DynamoDB's {@code __type} code and HTTP status so the
 * AWS SDKs raise the same exception classes they raise against the real service.
 */
public class ApiException extends RuntimeException {
    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final String code;
    private final int status;

    public ApiException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public static ApiException validation(String message) {
        return new ApiException("ValidationException", 400, message);
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException("ResourceNotFoundException", 400, message);
    }

    public static ApiException resourceInUse(String message) {
        return new ApiException("ResourceInUseException", 400, message);
    }

    public static ApiException conditionalCheckFailed() {
        return new ApiException("ConditionalCheckFailedException", 400, "The conditional request failed");
    }

    /** The short code, e.g. {@code ValidationException}. */
    public String code() {
        return code;
    }

    /** The wire form of {@code __type}, e.g. {@code com.amazonaws.dynamodb.v20120810#ValidationException}. */
    public String wireType() {
        return PREFIX + code;
    }

    public int status() {
        return status;
    }
}
