package dev.ferry.local.apigateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The body check a request validator makes with a method's request models
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html):
 * the model of the request's media type ({@code application/json} when it names none), else the
 * {@code $default} model; "if no matching content type is found, request validation is not performed".
 * An empty body is checked as {@code {}}, as LocalStack does in its AWS-parity implementation
 * (https://github.com/localstack/localstack/blob/master/localstack-core/localstack/services/apigateway/next_gen/execute_api/handlers/method_request.py);
 * AWS does not document that case.
 */
final class RequestModels {

    private static final String DEFAULT_MEDIA_TYPE = "application/json";
    private static final String ANY_MEDIA_TYPE = "$default";
    // Numbers as decimals, so that minimum, maximum and multipleOf compare exactly.
    private static final ObjectMapper BODIES = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, JsonSchema> schemas = new HashMap<>();

    /** Parses every route's models now, so that a broken one stops the API at start, naming its route. */
    RequestModels(List<ApiRoute> routes) {
        for (ApiRoute route : routes) {
            route.requestModels().values().forEach(text -> {
                try {
                    schemas.computeIfAbsent(text, JsonSchema::parse);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(route.httpMethod() + " " + route.resourcePath() + ": " + e.getMessage()
                            + "; fix the AWS::ApiGateway::Model's Schema in the app", e);
                }
            });
        }
    }

    /** Why the body does not satisfy the route's model for the request's media type; empty when it does or none applies. */
    Optional<GatewayError> check(ApiRoute route, GatewayRequest request, byte[] body) {
        Optional<String> model = model(route, request.mediaType().orElse(DEFAULT_MEDIA_TYPE));
        if (model.isEmpty()) {
            return Optional.empty();
        }
        JsonNode instance;
        try {
            instance = body.length == 0 ? BODIES.createObjectNode() : BODIES.readTree(body);
        } catch (IOException e) {
            return Optional.of(GatewayError.invalidBody("[Invalid JSON in the request body]"));
        }
        if (instance == null || instance.isMissingNode()) {
            instance = BODIES.createObjectNode();
        }
        List<String> violations = schemas.get(model.get()).violations(instance);
        return violations.isEmpty() ? Optional.empty()
                : Optional.of(GatewayError.invalidBody("[" + String.join(", ", violations) + "]"));
    }

    private static Optional<String> model(ApiRoute route, String mediaType) {
        Optional<String> exact = route.requestModels().entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(mediaType))
                .map(Map.Entry::getValue).findFirst();
        return exact.or(() -> Optional.ofNullable(route.requestModels().get(ANY_MEDIA_TYPE)));
    }
}
