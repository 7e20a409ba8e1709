package dev.ferry.local.lambda.api;

/**
 * An error answer of the Lambda API: the HTTP status, the error code the SDKs read from the
 * {@code x-amzn-ErrorType} header, and the message of the body {@code {"Type":"User","Message":...}}.
 * Status codes are the service model's ({@code error.httpStatusCode} of each exception shape in
 * aws-sdk-java-v2's {@code services/lambda/.../service-2.json}).
 */
record LambdaApiError(int status, String type, String message) {

    static LambdaApiError functionNotFound(String functionArn) {
        return new LambdaApiError(404, "ResourceNotFoundException", "Function not found: " + functionArn);
    }

    static LambdaApiError invalidParameter(String message) {
        return new LambdaApiError(400, "InvalidParameterValueException", message);
    }

    static LambdaApiError invalidContent(String message) {
        return new LambdaApiError(400, "InvalidRequestContentException", message);
    }

    static LambdaApiError validation(String message) {
        return new LambdaApiError(400, "ValidationException", message);
    }

    static LambdaApiError tooLarge(String message) {
        return new LambdaApiError(413, "RequestEntityTooLargeException", message);
    }

    static LambdaApiError unknownOperation(String method, String path) {
        return new LambdaApiError(404, "UnknownOperationException", "the local Lambda API serves Invoke (POST "
                + "/2015-03-31/functions/{FunctionName}/invocations) and ListEventSourceMappings (GET "
                + "/2015-03-31/event-source-mappings/), not " + method + " " + path);
    }

    /** The HTTP status of an error code the runtime reports when it refuses an invocation. */
    static int statusOf(String errorCode) {
        return switch (errorCode) {
            case "ResourceNotFoundException" -> 404;
            case "RequestEntityTooLargeException", "RequestTooLargeException" -> 413;
            case "TooManyRequestsException" -> 429;
            case "ServiceException" -> 500;
            default -> 400;
        };
    }
}
