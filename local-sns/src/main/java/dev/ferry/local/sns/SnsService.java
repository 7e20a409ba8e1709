package dev.ferry.local.sns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.LocalService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ferry's own SNS: speaks SNS's Query protocol on loopback, delivers to SQS queues through the SQS
 * endpoint it was started with and to Lambda functions through {@link LambdaDelivery} callbacks.
 *
 * <pre>{@code
 * try (SnsService sns = SnsService.start(URI.create("http://127.0.0.1:9324"), "us-east-1")) {
 *     sns.registerLambda("arn:aws:lambda:us-east-1:000000000000:function:telemetry", event -> ...);
 *     // point SnsClient at sns.endpoint()
 * }
 * }</pre>
 */
public final class SnsService implements LocalService {
    /** The account every ARN carries, as ElasticMQ's queue ARNs do. */
    public static final String ACCOUNT_ID = "000000000000";
    /** The access key SNS signs its deliveries into SQS with: SQS's meter leaves them to SNS's ({@link #meterInto}). */
    public static final String DELIVERY_ACCESS_KEY = "ferry";

    /**
     * How to run the emulator.
     *
     * @param sqsEndpoint      SQS API the {@code sqs} subscriptions are delivered through
     * @param region           region in ARNs and in the SQS client
     * @param port             port on 127.0.0.1, 0 for any free one
     * @param deliveryAttempts attempts per delivery before dead-lettering or dropping (at least 1)
     * @param retryBackoff     pause before the first retry; it doubles for each further one
     */
    public record Config(URI sqsEndpoint, String region, int port, int deliveryAttempts, Duration retryBackoff) {
        public Config {
            Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            if (deliveryAttempts < 1) {
                throw new IllegalArgumentException("deliveryAttempts must be at least 1, was " + deliveryAttempts);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any) or 1-65535, was " + port);
            }
        }

        public static Config of(URI sqsEndpoint, String region) {
            return new Config(sqsEndpoint, region, 0, 3, Duration.ofMillis(50));
        }

        public Config withPort(int newPort) {
            return new Config(sqsEndpoint, region, newPort, deliveryAttempts, retryBackoff);
        }

        public Config withRetries(int attempts, Duration backoff) {
            return new Config(sqsEndpoint, region, port, attempts, backoff);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final SqsDeliverer sqs;
    private final DeliveryEngine delivery;
    private final DeliveryStats stats;
    private final SnsBackend backend;
    private final QueryApi api;
    private final Map<String, LambdaDelivery> lambdas = new ConcurrentHashMap<>();
    private final URI endpoint;
    private volatile boolean closed;

    private SnsService(Config config) throws IOException {
        this.server = LoopbackHttpServer.create(config.port(), 0);
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.stats = new DeliveryStats();
        this.sqs = new SqsDeliverer(config.sqsEndpoint(), config.region());
        this.delivery = new DeliveryEngine(sqs, lambdas, new Envelopes(endpoint.toString()), stats,
                config.deliveryAttempts(), config.retryBackoff());
        this.backend = new SnsBackend(config.region(), ACCOUNT_ID, delivery, stats, Clock.systemUTC());
        this.api = new QueryApi(backend);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public static SnsService start(URI sqsEndpoint, String region) {
        return start(Config.of(sqsEndpoint, region));
    }

    public static SnsService start(URI sqsEndpoint, String region, int port) {
        return start(Config.of(sqsEndpoint, region).withPort(port));
    }

    public static SnsService start(Config config) {
        try {
            return new SnsService(config);
        } catch (IOException e) {
            throw new UncheckedIOException("SNS emulator could not listen on 127.0.0.1:" + config.port()
                    + " (is the port taken? use 0 for any free port)", e);
        }
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("AWS_ENDPOINT_URL_SNS", endpoint.toString());
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Routes notifications for {@code functionArn} (as subscribed with protocol {@code lambda}) to
     * {@code function}, replacing an earlier registration. Closing the result unregisters it.
     */
    public AutoCloseable registerLambda(String functionArn, LambdaDelivery function) {
        Objects.requireNonNull(function, "function");
        if (!Arns.isLambdaFunction(functionArn)) {
            throw new IllegalArgumentException("not a Lambda function ARN: " + functionArn);
        }
        lambdas.put(functionArn, function);
        return () -> lambdas.remove(functionArn, function);
    }

    public void unregisterLambda(String functionArn) {
        lambdas.remove(functionArn);
    }

    public DeliveryCounters counters() {
        return stats.snapshot();
    }

    /** Waits until no delivery is queued or under way; false if that did not happen within {@code timeout}. */
    public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stats.pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Counts publishes (by 64 KB chunk) and deliveries to SQS and Lambda in {@code ledger} from now on. */
    public void meterInto(dev.ferry.local.cost.RequestLedger ledger) {
        backend.meterInto(ledger);
    }

    /** Subscriptions (http, https, email) waiting for ConfirmSubscription, with their tokens. */
    public List<PendingConfirmation> pendingConfirmations() {
        return backend.pendingConfirmations();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                // Only the API lives here; the envelope's SigningCertURL points at a certificate that
                // does not exist, because local signatures cannot be verified anyway.
                byte[] notFound = ("Ferry's local SNS serves its API at /, not " + path + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, notFound.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(notFound);
                }
                return;
            }
            int status = 200;
            String xml;
            try {
                QueryRequest request = QueryRequest.parse(exchange.getRequestURI().getRawQuery(), body);
                xml = api.handle(request);
            } catch (SnsException e) {
                status = e.status();
                xml = QueryApi.error(e);
            } catch (RuntimeException e) {
                SnsException internal = new SnsException("InternalError", 500, false,
                        "Ferry's local SNS failed: " + e);
                status = internal.status();
                xml = QueryApi.error(internal);
            }
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        delivery.close();
        sqs.close();
    }
}
