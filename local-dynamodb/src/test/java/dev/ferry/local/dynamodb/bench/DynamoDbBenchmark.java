package dev.ferry.local.dynamodb.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.dynamodb.ops.Database;
import dev.ferry.local.dynamodb.ops.DynamoDbApi;
import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import dev.ferry.local.bench.HttpClientOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Throughput of the emulator through the AWS SDK v2 (conditional PutItem, arithmetic UpdateItem, a
 * two-item TransactWriteItems, GetRecords) with 1 and 8 concurrent clients, and its heap per million
 * small items. Not a test: run it with {@code bin/benchmark-dynamodb} (see docs/benchmarks.md).
 *
 * <p>Arguments: {@code [--seconds N] [--warmup N] [--items N] [--http url|apache]}.
 */
@Command(name = "benchmark-dynamodb", description = "Throughput of the DynamoDB emulator through the AWS SDK v2, and its heap per million items.")
public final class DynamoDbBenchmark implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "10", description = "measured seconds per run (default: 10)")
    private int seconds;
    @Option(names = "--warmup", defaultValue = "3", description = "warm-up seconds per run (default: 3)")
    private int warmup;
    @Option(names = "--items", defaultValue = "1000000", description = "items for the heap measurement (default: 1000000)")
    private int items;
    @Option(names = "--endpoint", paramLabel = "URL", description = "another DynamoDB endpoint (a LocalStack, a Floci), measured "
            + "with the same clients; no heap figure then (default: Ferry's emulator, started in this JVM)")
    private Optional<URI> other = Optional.empty();
    @Mixin
    private HttpClientOption httpOption = new HttpClientOption();

    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("bench", "bench");
    /** The clients' HTTP client, {@code --http}; static for the static helpers that build clients. */
    private static HttpClientOption http;

    interface ClientOp {
        /** One operation by client {@code client}, its {@code n}-th; returns how many units it did (records for GetRecords). */
        int run(DynamoDbClient dynamodb, DynamoDbStreamsClient streams, int client, long n, ClientState state);
    }

    /** Per-client state kept between operations (a shard iterator, for GetRecords). */
    static final class ClientState {
        String iterator;
    }

    record Result(String scenario, int clients, double opsPerSecond, double unitsPerSecond, double p50Micros, double p99Micros) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new DynamoDbBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        http = httpOption;
        System.out.printf("JVM %s, %d cores, max heap %d MB; %d s per run after %d s warm-up; SDK HTTP client: %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, seconds, warmup, http.name());
        List<Result> results = new ArrayList<>();
        // Table names carry the run's start, so that a second run against the same endpoint starts afresh.
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (DynamoDbEmulator emulator = other.isEmpty() ? DynamoDbEmulator.start() : null) {
            URI endpoint = other.orElseGet(() -> emulator.endpoint());
            System.out.println("endpoint: " + endpoint + (other.isEmpty() ? " (Ferry's emulator, in this JVM)" : ""));
            DynamoDbClient setup = client(endpoint);
            createTable(setup, "bench-put-" + run, false);
            createTable(setup, "bench-update-" + run, false);
            createTable(setup, "bench-tx-" + run, false);
            createTable(setup, "bench-stream-" + run, true);
            for (int i = 0; i < 5_000; i++) {
                int k = i;
                setup.putItem(b -> b.tableName("bench-stream-" + run).item(Map.of("id", AttributeValue.fromS("s" + (k % 500)), "v", AttributeValue.fromN(String.valueOf(k)))));
            }
            String streamArn = setup.describeTable(b -> b.tableName("bench-stream-" + run)).table().latestStreamArn();
            for (int clients : new int[] {1, 8}) {
                results.add(run(endpoint, "conditional PutItem", clients, warmup, seconds, (d, s, c, n, st) -> {
                    d.putItem(b -> b.tableName("bench-put-" + run).item(Map.of("id", AttributeValue.fromS(clients + "-" + c + "-" + n),
                            "payload", AttributeValue.fromS("a small payload"))).conditionExpression("attribute_not_exists(id)"));
                    return 1;
                }));
                results.add(run(endpoint, "UpdateItem SET a = a + :d", clients, warmup, seconds, (d, s, c, n, st) -> {
                    d.updateItem(b -> b.tableName("bench-update-" + run).key(Map.of("id", AttributeValue.fromS("acc-" + c)))
                            .updateExpression("SET balance = if_not_exists(balance, :zero) + :d")
                            .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"), ":d", AttributeValue.fromN("5"))));
                    return 1;
                }));
                results.add(run(endpoint, "TransactWriteItems (2 updates)", clients, warmup, seconds, (d, s, c, n, st) -> {
                    d.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().update(u -> u.tableName("bench-tx-" + run).key(Map.of("id", AttributeValue.fromS("from-" + c)))
                                    .updateExpression("ADD balance :minus").expressionAttributeValues(Map.of(":minus", AttributeValue.fromN("-1")))).build(),
                            TransactWriteItem.builder().update(u -> u.tableName("bench-tx-" + run).key(Map.of("id", AttributeValue.fromS("to-" + c)))
                                    .updateExpression("ADD balance :plus").expressionAttributeValues(Map.of(":plus", AttributeValue.fromN("1")))).build()));
                    return 1;
                }));
                results.add(run(endpoint, "GetRecords (Limit 100)", clients, warmup, seconds, (d, s, c, n, st) -> {
                    if (st.iterator == null) {
                        // client c reads shard c (mod the shard count), from its start: each shard holds a share of the items
                        var shards = s.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
                        String shard = shards.get(c % shards.size()).shardId();
                        st.iterator = s.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                    }
                    String it = st.iterator;
                    var page = s.getRecords(b -> b.shardIterator(it).limit(100));
                    st.iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                    return page.records().size();
                }));
            }
        }
        System.out.println();
        System.out.println("| operation | clients | ops/s | units/s | p50 µs | p99 µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf("| %s | %d | %.0f | %.0f | %.0f | %.0f |%n", r.scenario(), r.clients(), r.opsPerSecond(), r.unitsPerSecond(), r.p50Micros(), r.p99Micros());
        }
        System.out.println("(units/s counts stream records for GetRecords, operations otherwise)");
        System.out.println();
        if (other.isEmpty()) {
            measureHeap(items);
        }
        return 0;
    }

    private static Result run(URI endpoint, String scenario, int clients, int warmup, int seconds, ClientOp op) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong ops = new AtomicLong();
        AtomicLong units = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            long[] samples = new long[2_000_000];
            latencies.add(samples);
            threads.add(Thread.ofPlatform().start(() -> {
                try (DynamoDbClient d = client(endpoint); DynamoDbStreamsClient s = streamsClient(endpoint)) {
                    ClientState state = new ClientState();
                    long n = 0;
                    int recorded = 0;
                    while (!done.get()) {
                        long t0 = System.nanoTime();
                        int u = op.run(d, s, client, n++, state);
                        long t1 = System.nanoTime();
                        if (measuring.get()) {
                            ops.incrementAndGet();
                            units.addAndGet(u);
                            if (recorded < samples.length) samples[recorded++] = t1 - t0;
                        }
                    }
                    samples[samples.length - 1] = recorded;
                } finally {
                    finished.countDown();
                }
            }));
        }
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        done.set(true);
        finished.await();
        long count = 0;
        for (long[] s : latencies) count += s[s.length - 1];
        long[] all = new long[(int) count];
        int i = 0;
        for (long[] s : latencies) {
            int recorded = (int) s[s.length - 1];
            System.arraycopy(s, 0, all, i, recorded);
            i += recorded;
        }
        Arrays.sort(all);
        Result r = new Result(scenario, clients, ops.get() / elapsed, units.get() / elapsed,
                all.length == 0 ? 0 : all[all.length / 2] / 1e3, all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e3);
        System.out.printf("%-32s clients=%d  %8.0f ops/s  p50 %6.0f µs  p99 %6.0f µs%n", scenario, clients, r.opsPerSecond(), r.p50Micros(), r.p99Micros());
        return r;
    }

    /**
     * Heap of the emulator's storage per million small items (id + a number + a 20-character string,
     * about 50 bytes of DynamoDB item size each), loaded through the emulator's API layer without HTTP
     * so that only the database is on the heap.
     */
    private static void measureHeap(int items) {
        ObjectMapper json = new ObjectMapper();
        DynamoDbApi api = new DynamoDbApi(new Database("us-east-1", "000000000000", Clock.systemUTC()));
        ObjectNode create = json.createObjectNode();
        create.put("TableName", "heap").put("BillingMode", "PAY_PER_REQUEST");
        create.putArray("AttributeDefinitions").addObject().put("AttributeName", "id").put("AttributeType", "S");
        create.putArray("KeySchema").addObject().put("AttributeName", "id").put("KeyType", "HASH");
        api.handle(DynamoDbApi.DYNAMODB_PREFIX + "CreateTable", create);
        long before = usedHeapAfterGc();
        for (int i = 0; i < items; i++) {
            ObjectNode put = json.createObjectNode();
            put.put("TableName", "heap");
            ObjectNode item = put.putObject("Item");
            item.putObject("id").put("S", "item-%07d".formatted(i));
            item.putObject("amount").put("N", Integer.toString(i % 10_000));
            item.putObject("note").put("S", "twenty characters ok");
            api.handle(DynamoDbApi.DYNAMODB_PREFIX + "PutItem", put);
        }
        long after = usedHeapAfterGc();
        ObjectNode describe = json.createObjectNode().put("TableName", "heap");
        var table = api.handle(DynamoDbApi.DYNAMODB_PREFIX + "DescribeTable", describe).get("Table");
        double perMillion = (after - before) * (1_000_000.0 / items) / (1024 * 1024);
        System.out.printf("heap: %d items (%d bytes of DynamoDB item size) take %.0f MB; %.0f MB per million items%n",
                table.get("ItemCount").asLong(), table.get("TableSizeBytes").asLong(), (after - before) / (1024.0 * 1024), perMillion);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static void createTable(DynamoDbClient client, String name, boolean stream) {
        client.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH));
            if (stream) b.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
        });
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS)).httpClient(http.create()).build();
    }

    private static DynamoDbStreamsClient streamsClient(URI endpoint) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS)).httpClient(http.create()).build();
    }
}
