package dev.ferry.local;

import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import dev.ferry.local.sns.SnsService;
import dev.ferry.local.sqs.SqsService;
import dev.ferry.local.sqs.SqsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The embedded data plane in one object: Ferry's DynamoDB (+ Streams) emulator, ElasticMQ for SQS,
 * Ferry's SNS emulator delivering into that SQS, and kinesis-mock for Kinesis, all on 127.0.0.1.
 * The services start in parallel (kinesis-mock is a Node process and the slowest); SNS waits only for
 * SQS, because it delivers through it.
 */
public final class LocalCloud implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    private final DynamoDbEmulator dynamodb;
    private final SqsService sqs;
    private final SnsService sns;
    private final KinesisService kinesis;
    private final StreamActivity streamActivity;
    private final RequestLedger ledger = new RequestLedger();
    private final Duration startup;
    private volatile boolean closed;

    private LocalCloud(DynamoDbEmulator dynamodb, SqsService sqs, SnsService sns, KinesisService kinesis,
                       StreamActivity streamActivity, Duration startup) {
        this.streamActivity = streamActivity;
        this.dynamodb = dynamodb;
        this.sqs = sqs;
        this.sns = sns;
        this.kinesis = kinesis;
        this.startup = startup;
        dynamodb.meterInto(ledger);
        sqs.meterInto(ledger, Set.of(SnsService.DELIVERY_ACCESS_KEY));
        sns.meterInto(ledger);
        kinesis.meterInto(ledger, System.err);
    }

    /** Starts every service on a free port. */
    public static LocalCloud start() {
        return start(0);
    }

    /**
     * Starts every service; with {@code basePort > 0} they listen on fixed ports: DynamoDB on
     * {@code basePort}, SQS on +1, SNS on +2, Kinesis on +3 (kinesis-mock's TLS port is any free one).
     */
    public static LocalCloud start(int basePort) {
        return start(basePort, DynamoDbFaultPlan.none());
    }

    /**
     * Starts every service as {@link #start(int)} does, with the embedded DynamoDB raising the conflicts and
     * throttling of {@code dynamoDbFaults} (changeable later through {@code dynamodb().faults()}).
     */
    public static LocalCloud start(int basePort, DynamoDbFaultPlan dynamoDbFaults) {
        if (basePort < 0 || basePort > 65530) {
            throw new IllegalArgumentException("basePort must be 0 (free ports) or 1-65530, was " + basePort);
        }
        long begin = System.nanoTime();
        StreamActivity activity = new StreamActivity();
        var dynamodb = async(() -> DynamoDbEmulator.builder().port(basePort).faults(dynamoDbFaults).streamActivity(activity).start());
        var sqs = async(() -> SqsService.start(SqsSettings.defaults().withRegion(REGION).withPort(port(basePort, 1))));
        var kinesis = async(() -> KinesisService.start(KinesisSettings.defaults().withRegion(REGION).withPort(port(basePort, 3)), activity));
        var sns = sqs.thenApplyAsync(q -> SnsService.start(q.endpoint(), REGION, port(basePort, 2)));
        try {
            CompletableFuture.allOf(dynamodb, sqs, kinesis, sns).join();
        } catch (CompletionException e) {
            closeStarted(List.of(dynamodb, sqs, kinesis, sns));
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the local cloud could not start: " + cause.getMessage(), cause);
        }
        return new LocalCloud(dynamodb.join(), sqs.join(), sns.join(), kinesis.join(), activity,
                Duration.ofNanos(System.nanoTime() - begin));
    }

    private static int port(int basePort, int offset) {
        return basePort == 0 ? 0 : basePort + offset;
    }

    private static <T extends LocalService> CompletableFuture<T> async(Supplier<T> start) {
        return CompletableFuture.supplyAsync(start);
    }

    private static void closeStarted(List<? extends CompletableFuture<? extends LocalService>> services) {
        for (var future : services) {
            if (future.isDone() && !future.isCompletedExceptionally()) future.join().close();
            else future.thenAccept(LocalService::close); // a late starter is closed when it arrives
        }
    }

    public List<LocalService> services() {
        return List.of(dynamodb, sqs, sns, kinesis);
    }

    /**
     * What an AWS SDK or CLI needs to talk to this cloud: one {@code AWS_ENDPOINT_URL_<SERVICE>} per
     * service, the region and dummy credentials (any are accepted).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(endpoints());
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return env;
    }

    /** Only the endpoint variables, in a stable order: DynamoDB, DynamoDB Streams, SQS, SNS, Kinesis. */
    public Map<String, String> endpoints() {
        Map<String, String> env = new LinkedHashMap<>();
        for (LocalService s : services()) env.putAll(s.endpoints());
        return env;
    }

    public DynamoDbEmulator dynamodb() {
        return dynamodb;
    }

    public SqsService sqs() {
        return sqs;
    }

    public SnsService sns() {
        return sns;
    }

    public KinesisService kinesis() {
        return kinesis;
    }

    /**
     * Every billable request the services served since the start, by service and kind ({@code ferry cost},
     * docs/cost.md); the local Lambda runtime adds its own when given this ledger.
     */
    public RequestLedger ledger() {
        return ledger;
    }

    /** Where the DynamoDB streams and the Kinesis streams report new records: for the local runtime's stream readers. */
    public StreamActivity streamActivity() {
        return streamActivity;
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    /** Wall time of {@link #start}, from the call to every service answering. */
    public Duration startupTime() {
        return startup;
    }

    /** Stops every service, in reverse start order; safe to call twice. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (LocalService s : List.of(sns, kinesis, sqs, dynamodb)) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("some local services did not stop cleanly");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
