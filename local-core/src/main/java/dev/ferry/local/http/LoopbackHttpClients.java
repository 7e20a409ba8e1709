package dev.ferry.local.http;

import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;

/**
 * The SDK HTTP client of the local cloud's own AWS clients (the event source mappings' pollers, SNS's deliveries to
 * SQS, on-failure destinations): the SDK's Apache client, not its URLConnection client.
 *
 * <p>Measured on loopback (docs/benchmarks.md, "Latency of an order"): the URLConnection client pays about 1.1 ms per
 * call, and not for Nagle's algorithm. Before it sends a POST with a streamed body (every SDK call with a
 * Content-Length) on a connection from its keep-alive cache, the JDK's {@code sun.net.www.http.HttpClient.available()}
 * reads the socket with a 1 ms timeout to see whether the server closed it, which on a live connection always waits
 * the full millisecond and throws a {@code SocketTimeoutException}, with an 8 KB buffer allocated each time. The
 * request's head and body do go out in two writes, but the servers read the body at once (they set TCP_NODELAY and
 * answer in one write), so no ACK is waited for. The Apache client keeps its pooled connections without such a probe
 * (about 0.35 ms a call against 1.5 ms). The functions keep the URLConnection client their code chooses, as in AWS.
 */
public final class LoopbackHttpClients {
    /** Pollers long-poll SQS (up to 20 s) on their own connections, several per mapping: room for all of them. */
    private static final int MAX_CONNECTIONS = 256;

    private LoopbackHttpClients() {}

    public static SdkHttpClient create() {
        return builder().build();
    }

    /** The builder, for callers that need other timeouts. */
    public static Apache5HttpClient.Builder builder() {
        return Apache5HttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                // As the URLConnection client did: the JVM's proxy properties, not the environment's HTTP_PROXY (which
                // would send loopback calls to a proxy on machines that set it).
                .proxyConfiguration(ProxyConfiguration.builder().useEnvironmentVariableValues(false).build());
    }
}
