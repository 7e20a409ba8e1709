package dev.ferry.local.apigateway;

import java.util.List;
import java.util.Optional;

/**
 * A request the API front answers itself instead of the function: the response type that shapes the
 * answer, the status API Gateway gives this case when no gateway response changes it, the message
 * ({@code $context.error.message}), the {@code x-amzn-ErrorType} header and, for validation failures, the
 * detail ({@code $context.error.validationErrorString}).
 *
 * @param defaultTemplate the body API Gateway sends when the API customizes neither the type nor its
 *                        fall-back; AWS's spacing differs between cases, so each case keeps its own
 */
record GatewayError(GatewayResponseType type, int status, String message, String errorType,
                    Optional<String> validationError, String defaultTemplate) {

    private static final String COMPACT = "{\"message\":$context.error.messageString}";
    private static final String SPACED = "{\"message\": $context.error.messageString}";
    private static final String INTERNAL_SERVER_ERROR = "Internal server error";
    private static final String INTERNAL_SERVER_ERROR_TYPE = "InternalServerErrorException";

    /** No resource, method or stage of this API: what API Gateway answers for an unknown route. */
    static GatewayError missingAuthenticationToken() {
        return new GatewayError(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, 403, "Missing Authentication Token",
                "MissingAuthenticationTokenException", Optional.empty(), COMPACT);
    }

    /**
     * Required request parameters are absent or blank; the wording is the one AWS documents
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-validation-test.html).
     */
    static GatewayError missingParameters(List<String> names) {
        String message = "Missing required request parameters: [" + String.join(", ", names) + "]";
        return new GatewayError(GatewayResponseType.BAD_REQUEST_PARAMETERS, 400, message, "BadRequestException",
                Optional.of(message), SPACED);
    }

    /**
     * A {@code %} in the URL not followed by two hex digits. AWS documents no answer for it; Ferry answers it as
     * a bad request parameter (its gateway response, else {@code 400 {"message": "..."}}), before routing.
     */
    static GatewayError malformedUrl() {
        String message = "Malformed percent-encoding in the request URL";
        return new GatewayError(GatewayResponseType.BAD_REQUEST_PARAMETERS, 400, message, "BadRequestException",
                Optional.of(message), SPACED);
    }

    /** The body does not satisfy the method's model; {@code detail} says where and why. */
    static GatewayError invalidBody(String detail) {
        return new GatewayError(GatewayResponseType.BAD_REQUEST_BODY, 400, "Invalid request body", "BadRequestException",
                Optional.of(detail), SPACED);
    }

    /**
     * Lambda refused the proxy event as too large for a synchronous invocation: API Gateway answers
     * {@code 413 {"message": "Request Too Long"}} with {@code x-amzn-ErrorType: BadRequestException}, as a
     * captured answer shows (https://github.com/koki-develop/lgtm-generator/issues/10).
     */
    static GatewayError requestTooLong() {
        return new GatewayError(GatewayResponseType.REQUEST_TOO_LARGE, 413, "Request Too Long", "BadRequestException",
                Optional.empty(), SPACED);
    }

    /**
     * Lambda refused the invocation (throttled, or the function cannot be invoked). API Gateway answers
     * 500 and no gateway response but {@code INTEGRATION_FAILURE} (or its fall-back) changes that:
     * https://repost.aws/questions/QUfI6bsdd0SOiPeyimzxSkfQ and https://stackoverflow.com/questions/36363280.
     */
    static GatewayError integrationFailure() {
        return new GatewayError(GatewayResponseType.INTEGRATION_FAILURE, 500, INTERNAL_SERVER_ERROR,
                INTERNAL_SERVER_ERROR_TYPE, Optional.empty(), SPACED);
    }

    /** No answer within the integration timeout (29 s by default). */
    static GatewayError integrationTimeout() {
        return new GatewayError(GatewayResponseType.INTEGRATION_TIMEOUT, 504, "Endpoint request timed out",
                INTERNAL_SERVER_ERROR_TYPE, Optional.empty(), SPACED);
    }

    /**
     * The function failed or its answer is not a proxy response: 502
     * (https://repost.aws/knowledge-center/malformed-502-api-gateway). No specific type covers this case,
     * so the 5XX fall-back shapes it.
     */
    static GatewayError badIntegrationResponse() {
        return new GatewayError(GatewayResponseType.DEFAULT_5XX, 502, INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR_TYPE,
                Optional.empty(), SPACED);
    }

    /** The local front itself failed: an answer API Gateway would give for its own internal error. */
    static GatewayError internalError() {
        return new GatewayError(GatewayResponseType.DEFAULT_5XX, 500, INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR_TYPE,
                Optional.empty(), SPACED);
    }

    boolean serverError() {
        return status >= 500;
    }
}
