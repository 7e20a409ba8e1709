package dev.ferry.local.deployment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::ApiGateway::RestApi} with its deployed stage and its Lambda proxy routes.
 *
 * @param restApiId the physical id given locally
 * @param name      the API's Name
 * @param stageName the stage the template deploys (e.g. {@code prod} or {@code dev})
 * @param gatewayResponses the API's {@code AWS::ApiGateway::GatewayResponse}s, at most one per response type
 */
public record ApiSpec(String logicalId, String restApiId, String name, String stageName, List<ApiRoute> routes,
                      List<GatewayResponseSpec> gatewayResponses) {

    public ApiSpec {
        routes = List.copyOf(routes);
        gatewayResponses = List.copyOf(gatewayResponses);
    }

    /** An API that answers its own errors as API Gateway does by default. */
    public ApiSpec(String logicalId, String restApiId, String name, String stageName, List<ApiRoute> routes) {
        this(logicalId, restApiId, name, stageName, routes, List.of());
    }

    /**
     * One method on one resource: {@code POST /orders}, {@code GET /orders/{id}}, or {@code ANY} / a
     * greedy {@code {proxy+}} path.
     *
     * @param requiredHeaders  method request headers marked required (checked when a validator asks for it)
     * @param requestModels    media type ({@code application/json}, or {@code $default} for any) to the JSON schema
     *                         (draft 4, as JSON text) a request body must satisfy; empty when no validator checks bodies
     */
    public record ApiRoute(String httpMethod, String resourcePath, String functionArn, List<String> requiredHeaders,
                           Map<String, String> requestModels) {
        public ApiRoute {
            requiredHeaders = List.copyOf(requiredHeaders);
            requestModels = Collections.unmodifiableMap(new LinkedHashMap<>(requestModels));
        }

        /** A route whose bodies are not validated. */
        public ApiRoute(String httpMethod, String resourcePath, String functionArn, List<String> requiredHeaders) {
            this(httpMethod, resourcePath, functionArn, requiredHeaders, Map.of());
        }
    }
}
