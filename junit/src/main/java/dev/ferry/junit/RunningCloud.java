package dev.ferry.junit;

import dev.ferry.local.LocalCloud;
import dev.ferry.local.LocalService;
import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import dev.ferry.local.sns.SnsService;
import dev.ferry.local.sqs.SqsService;
import dev.ferry.local.sqs.SqsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.SdkClient;

/**
 * The services one test class asked for, started as {@link LocalCloud#start} starts all of them (in parallel, SNS
 * once SQS answers, every one on a free loopback port, region and account of {@link LocalCloud}), and the clients
 * handed out for them. {@code LocalCloud} itself always starts all four; a class that needs only DynamoDB should not
 * pay for ElasticMQ's actor system or a Kinesis server.
 *
 * <p>JUnit closes it with the class's store: JUnit 5.13 and later close {@link AutoCloseable} values, older
 * versions (still managed by many build platforms) only {@code CloseableResource}s, hence both.
 */
@SuppressWarnings("deprecation")
final class RunningCloud implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    /** Stop order: SNS before the SQS it delivers to. */
    private static final List<FerryService> STOP_ORDER =
            List.of(FerryService.SNS, FerryService.KINESIS, FerryService.SQS, FerryService.DYNAMODB);

    private record Started(LocalService service, URI endpoint) {}

    private final Map<FerryService, Started> services;
    private final Map<SdkClientKind, SdkClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private RunningCloud(Map<FerryService, Started> services) {
        this.services = services;
    }

    static RunningCloud start(Set<FerryService> asked) {
        Set<FerryService> wanted = FerryService.withDependencies(asked);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no services to start: name at least one, e.g. @FerryLocalCloud(services = DYNAMODB)");
        }
        Map<FerryService, CompletableFuture<Started>> starting = new EnumMap<>(FerryService.class);
        if (wanted.contains(FerryService.DYNAMODB)) {
            starting.put(FerryService.DYNAMODB, async(() -> {
                DynamoDbEmulator d = DynamoDbEmulator.builder().region(LocalCloud.REGION).account(LocalCloud.ACCOUNT_ID).start();
                return new Started(d, d.endpoint());
            }));
        }
        if (wanted.contains(FerryService.SQS)) {
            starting.put(FerryService.SQS, async(() -> {
                SqsService q = SqsService.start(SqsSettings.defaults().withRegion(LocalCloud.REGION).withAccountId(LocalCloud.ACCOUNT_ID));
                return new Started(q, q.endpoint());
            }));
        }
        if (wanted.contains(FerryService.KINESIS)) {
            starting.put(FerryService.KINESIS, async(() -> {
                KinesisService k = KinesisService.start(KinesisSettings.defaults().withRegion(LocalCloud.REGION)
                        .withAccountId(LocalCloud.ACCOUNT_ID));
                return new Started(k, k.endpoint());
            }));
        }
        if (wanted.contains(FerryService.SNS)) {
            starting.put(FerryService.SNS, starting.get(FerryService.SQS).thenApplyAsync(sqs -> {
                SnsService s = SnsService.start(sqs.endpoint(), LocalCloud.REGION);
                return new Started(s, s.endpoint());
            }));
        }
        try {
            CompletableFuture.allOf(starting.values().toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            closeStarted(starting.values());
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Ferry's local cloud could not start " + wanted + ": " + cause.getMessage(), cause);
        }
        Map<FerryService, Started> started = new EnumMap<>(FerryService.class);
        starting.forEach((service, future) -> started.put(service, future.join()));
        return new RunningCloud(Collections.unmodifiableMap(started));
    }

    private static CompletableFuture<Started> async(Supplier<Started> start) {
        return CompletableFuture.supplyAsync(start);
    }

    private static void closeStarted(Iterable<CompletableFuture<Started>> starting) {
        for (var future : starting) {
            if (future.isDone() && !future.isCompletedExceptionally()) future.join().service().close();
            else future.thenAccept(s -> s.service().close()); // a late starter is closed when it arrives
        }
    }

    /** What runs: what was asked for, and SQS when SNS was. */
    Set<FerryService> services() {
        return services.keySet();
    }

    boolean runs(FerryService service) {
        return services.containsKey(service);
    }

    /** @throws IllegalStateException when the service was not started */
    URI endpoint(FerryService service) {
        Started s = services.get(service);
        if (s == null) throw new IllegalStateException("not started: " + service);
        return s.endpoint();
    }

    /** One client of each kind per cloud, made at first use and closed with the cloud. */
    SdkClient client(SdkClientKind kind) {
        if (closed) throw new IllegalStateException("Ferry's local cloud for this test class has stopped");
        return clients.computeIfAbsent(kind, k -> k.create(endpoint(k.service())));
    }

    /**
     * {@code AWS_ENDPOINT_URL_*} for every running service, the region and dummy credentials: what code under test
     * that reads its configuration from the environment needs.
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (FerryService s : FerryService.values()) {
            if (runs(s)) env.putAll(services.get(s).service().endpoints());
        }
        env.put("AWS_REGION", LocalCloud.REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return env;
    }

    /** Waits until SNS has no delivery in flight, so that none lands after the queues were emptied. */
    void awaitSnsDeliveries(Duration limit) {
        SnsService sns = (SnsService) services.get(FerryService.SNS).service();
        try {
            if (!sns.awaitDeliveries(limit)) {
                throw new IllegalStateException("SNS still had deliveries in flight after " + limit.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for SNS deliveries", e);
        }
    }

    /** Closes the clients handed out, then stops the services; safe to call twice. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<AutoCloseable> inOrder = new ArrayList<>(clients.values());
        STOP_ORDER.stream().filter(services::containsKey).forEach(s -> inOrder.add(services.get(s).service()));
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable each : inOrder) {
            try {
                each.close();
            } catch (Exception e) { // SdkClient.close() declares none, LocalService.close() none: only runtime ones arrive
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("some of Ferry's local services did not stop cleanly");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
