package dev.ferry.local.apigateway;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * API Gateway's gateway response types and their default status codes, from
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html.
 * {@code DEFAULT_4XX} and {@code DEFAULT_5XX} have none: they are the fall-backs of every other type of
 * their class.
 */
enum GatewayResponseType {
    ACCESS_DENIED(403),
    API_CONFIGURATION_ERROR(500),
    AUTHORIZER_CONFIGURATION_ERROR(500),
    AUTHORIZER_FAILURE(500),
    BAD_REQUEST_PARAMETERS(400),
    BAD_REQUEST_BODY(400),
    DEFAULT_4XX(0),
    DEFAULT_5XX(0),
    EXPIRED_TOKEN(403),
    INTEGRATION_FAILURE(504),
    INTEGRATION_TIMEOUT(504),
    INVALID_API_KEY(403),
    INVALID_SIGNATURE(403),
    MISSING_AUTHENTICATION_TOKEN(403),
    QUOTA_EXCEEDED(429),
    REQUEST_TOO_LARGE(413),
    RESOURCE_NOT_FOUND(404),
    THROTTLED(429),
    UNAUTHORIZED(401),
    UNSUPPORTED_MEDIA_TYPE(415),
    WAF_FILTERED(403);

    private final int defaultStatus;

    GatewayResponseType(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    /** The documented status code; empty for the two fall-backs. */
    OptionalInt defaultStatus() {
        return defaultStatus == 0 ? OptionalInt.empty() : OptionalInt.of(defaultStatus);
    }

    /** The type named in a template ({@code ResponseType}), if API Gateway knows it. */
    static Optional<GatewayResponseType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
