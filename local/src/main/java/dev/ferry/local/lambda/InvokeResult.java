package dev.ferry.local.lambda;

import java.nio.charset.StandardCharsets;

/** How one invocation ended, as the Invoke API reports it. */
public sealed interface InvokeResult {

    String requestId();

    /** The handler returned; {@code payload} is its serialized response ({@code null} for void handlers). */
    record Success(String requestId, byte[] payload) implements InvokeResult {
        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /**
     * The function failed (X-Amz-Function-Error: Unhandled): the handler threw, init failed, the
     * invocation timed out or the environment crashed. {@code payload} is Lambda's error document
     * {@code {"errorMessage","errorType","stackTrace"}}.
     */
    record FunctionError(String requestId, String errorType, String errorMessage, String payload) implements InvokeResult {}

    /** Lambda refused to run the function (HTTP 429 TooManyRequestsException). */
    record Throttled(String requestId, String reason, String message) implements InvokeResult {}

    /** Lambda refused the request itself (e.g. RequestEntityTooLargeException, ResourceNotFoundException). */
    record Rejected(String requestId, String errorCode, String message) implements InvokeResult {}

    default boolean succeeded() {
        return this instanceof Success;
    }
}
