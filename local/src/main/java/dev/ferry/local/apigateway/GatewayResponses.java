package dev.ferry.local.apigateway;

import dev.ferry.local.deployment.GatewayResponseSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An API's gateway responses: how the front shapes the answers it gives itself (unknown route, failed
 * validation, failed integration, ...), as API Gateway applies {@code AWS::ApiGateway::GatewayResponse}
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html).
 *
 * <p>For an error of one type: the API's gateway response of that type if it has one, else its
 * {@code DEFAULT_4XX} / {@code DEFAULT_5XX} by the error's status class, else API Gateway's own default body.
 * The status is the chosen response's {@code StatusCode}, else the fall-back's (changing it "changes the
 * status codes of all other 4XX responses",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html), else
 * the status API Gateway gives that case.
 */
final class GatewayResponses {

    private static final String HEADER = "gatewayresponse.header.";
    private static final String JSON = "application/json";

    /** What the front sends: status, headers (besides the request id) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        Answer {
            headers = Map.copyOf(headers);
        }
    }

    private final Map<GatewayResponseType, GatewayResponseSpec> byType = new EnumMap<>(GatewayResponseType.class);

    GatewayResponses(List<GatewayResponseSpec> responses) {
        for (GatewayResponseSpec response : responses) {
            GatewayResponseType type = GatewayResponseType.named(response.responseType()).orElseThrow(() ->
                    new IllegalArgumentException("gateway response type " + response.responseType() + " is not one API"
                            + " Gateway knows; use one of " + java.util.Arrays.toString(GatewayResponseType.values())));
            response.statusCode().filter(code -> !code.strip().matches("[1-5]\\d\\d")).ifPresent(code -> {
                throw new IllegalArgumentException("gateway response " + type + " has status code '" + code
                        + "'; API Gateway takes three digits from 100 to 599 (pattern [1-5]\\d\\d)");
            });
            byType.put(type, response);
        }
    }

    /** The answer to {@code error} for the request described by {@code request}. */
    Answer answer(GatewayError error, GatewayRequest request) {
        GatewayResponseType fallbackType = error.serverError() ? GatewayResponseType.DEFAULT_5XX : GatewayResponseType.DEFAULT_4XX;
        Optional<GatewayResponseSpec> own = Optional.ofNullable(byType.get(error.type()));
        Optional<GatewayResponseSpec> fallback = Optional.ofNullable(byType.get(fallbackType));
        Optional<GatewayResponseSpec> chosen = own.or(() -> fallback);
        int status = own.flatMap(GatewayResponseSpec::statusCode).or(() -> fallback.flatMap(GatewayResponseSpec::statusCode))
                .map(code -> Integer.parseInt(code.strip())).orElse(error.status());

        Map<String, String> variables = new HashMap<>(request.contextVariables());
        variables.put("context.error.message", error.message());
        variables.put("context.error.messageString", "\"" + error.message() + "\"");
        variables.put("context.error.responseType", error.type().name());
        variables.put("context.error.validationErrorString", error.validationError().orElse(""));

        Map<String, String> templates = chosen.map(GatewayResponseSpec::responseTemplates).filter(t -> !t.isEmpty())
                .orElse(Map.of(JSON, error.defaultTemplate()));
        String mediaType = select(templates, request.accepted());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", mediaType);
        chosen.ifPresent(response -> headers.putAll(headers(response, request)));
        headers.put("x-amzn-ErrorType", error.errorType());
        byte[] body = ResponseTemplate.render(templates.get(mediaType), variables).getBytes(StandardCharsets.UTF_8);
        return new Answer(status, headers, body);
    }

    /**
     * The template for the client's {@code Accept}: the first accepted media type that has one, else
     * {@code application/json}, else the first template, as API Gateway picks mapping templates
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html).
     */
    private static String select(Map<String, String> templates, List<String> accepted) {
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        templates.keySet().forEach(key -> byLowerCase.putIfAbsent(key.toLowerCase(Locale.ROOT), key));
        for (String type : accepted) {
            if (byLowerCase.containsKey(type)) {
                return byLowerCase.get(type);
            }
        }
        return byLowerCase.containsKey(JSON) ? byLowerCase.get(JSON) : templates.keySet().iterator().next();
    }

    /**
     * The response's header mappings: a quoted literal ({@code 'application/problem+json'}) or a method request
     * parameter ({@code method.request.header|querystring|path.<name>}). A parameter the request lacks, or a
     * source the local front has no value for (stage variables), adds no header.
     */
    private static Map<String, String> headers(GatewayResponseSpec response, GatewayRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        response.responseParameters().forEach((key, expression) -> {
            if (!key.startsWith(HEADER)) {
                return;
            }
            value(expression.strip(), request).ifPresent(v -> out.put(key.substring(HEADER.length()), v));
        });
        return out;
    }

    private static Optional<String> value(String expression, GatewayRequest request) {
        if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
            return Optional.of(expression.substring(1, expression.length() - 1));
        }
        List<String> parts = new ArrayList<>(List.of(expression.split("\\.", 4)));
        if (parts.size() != 4 || !parts.get(0).equals("method") || !parts.get(1).equals("request")) {
            return Optional.empty();
        }
        String name = parts.get(3);
        return switch (parts.get(2)) {
            case "header" -> request.header(name);
            case "querystring" -> Optional.ofNullable(request.query().get(name)).map(List::getLast);
            case "path" -> Optional.ofNullable(request.pathParameters().get(name));
            default -> Optional.empty();
        };
    }
}
