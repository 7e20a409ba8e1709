package dev.ferry.local.dynamodb;

/**
 * An error the emulator answers with, carrying DynamoDB's {@code __type} code and HTTP status so the
 * AWS SDKs raise the same exception classes they raise against the real service.
 */
public class ApiException extends RuntimeException {
    /** The service's own errors: ResourceNotFoundException, ConditionalCheckFailedException, ... */
    private static final String SERVICE = "com.amazonaws.dynamodb.v20120810#";
    /** AWS's request validation layer answers ValidationException under its own namespace. */
    private static final String VALIDATION = "com.amazon.coral.validate#";
    /** A body that is not the JSON the operation takes is refused before the service sees it. */
    private static final String SERIALIZATION = "com.amazon.coral.service#";

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

    /**
     * A body the JSON deserializer cannot read as the operation's input. AWS names the problem under
     * {@code Message} (capital M), unlike every other error (dynalite test/helpers.js {@code assertSerialization}).
     */
    public static ApiException serialization(String message) {
        return new ApiException("SerializationException", 400, message);
    }

    /**
     * A body that is not JSON at all, or an empty body: AWS answers with the bare {@code __type} and no message
     * (dynalite test/connection.js and test/listTables.js "should return 400 if no body").
     */
    public static ApiException unreadableBody() {
        return new ApiException("SerializationException", 400, null);
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

    /**
     * The wire form of {@code __type} as DynamoDB sends it: {@code com.amazon.coral.validate#ValidationException},
     * {@code com.amazon.coral.service#SerializationException}, and the service's own errors under
     * {@code com.amazonaws.dynamodb.v20120810#} (recorded AWS answers, shared/FACTS.md). The SDKs read the part
     * after {@code #}.
     */
    public String wireType() {
        return switch (code) {
            case "ValidationException" -> VALIDATION + code;
            case "SerializationException", "UnknownOperationException", "MissingAuthenticationTokenException" -> SERIALIZATION + code;
            default -> SERVICE + code;
        };
    }

    public int status() {
        return status;
    }

    /** The message, absent for the few answers AWS gives without one. */
    public java.util.Optional<String> text() {
        return java.util.Optional.ofNullable(getMessage());
    }

    /** The JSON member the message goes in: {@code Message} for SerializationException, {@code message} otherwise. */
    public String messageField() {
        return code.equals("SerializationException") ? "Message" : "message";
    }
}
