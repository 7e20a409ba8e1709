package dev.ferry.local.deployment;

import java.util.List;

/**
 * An {@code AWS::ApiGateway::RestApi} with its deployed stage and its Lambda proxy routes.
 *
 * @param restApiId the physical id given locally
 * @param name      the API's Name
 * @param stageName the stage the template deploys (e.g. {@code prod} or {@code dev})
 */
public record ApiSpec(String logicalId, String restApiId, String name, String stageName, List<ApiRoute> routes) {

    public ApiSpec {
        routes = List.copyOf(routes);
    }

    /**
     * One method on one resource: {@code POST /orders}, {@code GET /orders/{id}}, or {@code ANY} / a
     * greedy {@code {proxy+}} path.
     *
     * @param requiredHeaders  method request headers marked required (checked when a validator asks for it)
     */
    public record ApiRoute(String httpMethod, String resourcePath, String functionArn, List<String> requiredHeaders) {
        public ApiRoute {
            requiredHeaders = List.copyOf(requiredHeaders);
        }
    }
}
