package dev.ferry.local.apigateway;

import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.lambda.FunctionInvoker;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST APIs of a deployment, each served on its own loopback port in front of the functions that integrate
 * with it. The runtime knows nothing of them; {@code LocalSystem} starts them around it.
 */
public final class ApiFronts implements AutoCloseable {
    private final Map<String, ApiGatewayServer> servers;
    private volatile boolean closed;

    private ApiFronts(Map<String, ApiGatewayServer> servers) {
        this.servers = servers;
    }

    /**
     * Serves every API of {@code apis} through {@code functions}: the first on {@code firstPort}, the next ones on the
     * ports after it; 0 picks free ports. Each counts the requests it serves into {@code ledger} (the runtime's, so
     * that one ledger holds the whole system's requests).
     */
    public static ApiFronts start(List<ApiSpec> apis, FunctionInvoker functions, int firstPort, RequestLedger ledger) {
        Map<String, ApiGatewayServer> servers = new LinkedHashMap<>();
        int next = firstPort;
        try {
            for (ApiSpec api : apis) {
                ApiGatewayServer server = ApiGatewayServer.start(api, functions, next, ApiGatewayServer.INTEGRATION_TIMEOUT);
                server.meterInto(ledger);
                servers.put(api.restApiId(), server);
                if (next != 0) next++;
            }
        } catch (RuntimeException e) {
            servers.values().forEach(ApiGatewayServer::close);
            throw e;
        }
        return new ApiFronts(servers);
    }

    /** {@code http://127.0.0.1:PORT/<stage>}: the invoke URL of a deployed API. */
    public URI url(ApiSpec api) {
        return url(api.restApiId());
    }

    public URI url(String restApiId) {
        ApiGatewayServer server = servers.get(restApiId);
        if (server == null) {
            throw new IllegalArgumentException("no API " + restApiId + " in this deployment; APIs: " + servers.keySet());
        }
        return server.stageUrl();
    }

    /** One line per API: its name and invoke URL. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        servers.forEach((id, server) -> sb.append("api      ").append(server.spec().name()).append("  ")
                .append(server.stageUrl()).append(System.lineSeparator()));
        return sb.toString();
    }

    /** Stops every API's server. Safe to call twice. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        servers.values().forEach(ApiGatewayServer::close);
    }
}
