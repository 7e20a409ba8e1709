package dev.ferry.local.kinesis.bench;

import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import dev.ferry.local.bench.HttpClientOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis PutRecords + GetRecords through the AWS SDK v2 (its default CBOR protocol) with N concurrent clients, each a
 * thread with its own {@link KinesisClient} and its own stream. One operation of a client is a <em>batch</em>: a
 * PutRecords of 100 to 500 records (random partition keys, 100-byte payloads that carry the client, batch and record
 * number), then GetRecords on every shard of its stream, following NextShardIterator, until every record the put
 * accepted has been read back (or 30 s have passed). Records a put failed are sent again in the next put of the batch
 * (as a producer does). Each record read is checked off by its number, so a record accepted and never read is
 * <em>lost</em> and one read twice is a <em>duplicate</em>. Not a test: run it with {@code bin/benchmark-kinesis} (see
 * docs/benchmarks.md).
 *
 * <p>Arguments: {@code [--engine emulator|kinesis-mock] [--endpoint URL] [--clients N] [--shards N] [--seconds N]
 * [--warmup N] [--http url|apache]}. With {@code --endpoint} it measures any Kinesis endpoint (e.g. a LocalStack or
 * Floci on the same machine) instead of starting one.
 */
@Command(name = "benchmark-kinesis", description = "PutRecords + GetRecords round trips of N clients, each on its own stream.")
public final class KinesisBenchmark implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "20", description = "measured seconds (default: 20)")
    private int seconds;
    @Option(names = "--warmup", defaultValue = "5", description = "warm-up seconds (default: 5)")
    private int warmup;
    @Option(names = "--clients", defaultValue = "8", description = "clients, each with its own stream (default: 8)")
    private int clients;
    @Option(names = "--shards", defaultValue = "2", description = "shards per stream (default: 2)")
    private int shards;
    @Option(names = "--engine", defaultValue = "emulator", description = "emulator or kinesis-mock (default: emulator)")
    private String engine;
    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "", description = "measure this Kinesis endpoint instead of starting one")
    private String endpointArg;
    @Mixin
    private HttpClientOption httpOption = new HttpClientOption();

    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("bench", "bench");
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);
    private static final int PAYLOAD_BYTES = 100;
    /** Records a client writes to one stream before it moves to a new one (bounds the heap, see the loop). */
    private static final long RECORDS_PER_STREAM = 250_000;

    /** The clients' HTTP client, {@code --http}; static for the static helpers that build clients. */
    private static HttpClientOption http;

    record Result(int clients, long batches, long records, long lost, long duplicates, long failedPuts, double seconds,
                  long[] batchNanos, long[] putNanos, long[] getNanos) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new KinesisBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        http = httpOption;
        System.out.printf("JVM %s, %d cores, max heap %d MB; %d clients, a stream of %d shards each; %d s after %d s warm-up;"
                        + " SDK HTTP client: %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, clients, shards, seconds, warmup, http.name());
        KinesisService service = null;
        URI endpoint;
        if (endpointArg.isEmpty()) {
            KinesisSettings settings = KinesisSettings.defaults().withEngine(KinesisSettings.Engine.parse(engine));
            long t0 = System.nanoTime();
            service = KinesisService.start(settings);
            System.out.printf("Kinesis: %s, started in %d ms%n", service, (System.nanoTime() - t0) / 1_000_000);
            endpoint = service.endpoint();
        } else {
            endpoint = URI.create(endpointArg);
            System.out.println("Kinesis: the endpoint " + endpoint);
        }
        try {
            Result r = run(endpoint, clients, shards, warmup, seconds);
            report(r);
        } finally {
            if (service != null) service.close();
        }
        return 0;
    }

    private static Result run(URI endpoint, int clients, int shards, int warmup, int seconds) throws Exception {
        String prefix = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong batches = new AtomicLong();
        AtomicLong records = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong failedPuts = new AtomicLong();
        List<long[]> batchTimes = new ArrayList<>();
        List<long[]> putTimes = new ArrayList<>();
        List<long[]> getTimes = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch finished = new CountDownLatch(clients);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < clients; c++) {
            int client = c;
            Samples batchSamples = new Samples();
            Samples putSamples = new Samples();
            Samples getSamples = new Samples();
            Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                try (KinesisClient kinesis = client(endpoint)) {
                    int generation = 0;
                    String stream = prefix + "-" + client + "-" + generation;
                    Map<String, String> iterators = newStream(kinesis, stream, shards);
                    long inStream = 0;
                    ready.countDown();
                    SplittableRandom random = new SplittableRandom(client);
                    long batch = 0;
                    while (!done.get()) {
                        if (inStream >= RECORDS_PER_STREAM) {
                            // A fast engine keeps every record for the stream's retention (24 h): a new stream now
                            // and then bounds the heap of a long run. The pause is not part of any batch.
                            String full = stream;
                            kinesis.deleteStream(b -> b.streamName(full));
                            stream = prefix + "-" + client + "-" + ++generation;
                            iterators = newStream(kinesis, stream, shards);
                            inStream = 0;
                        }
                        boolean counted = measuring.get();
                        int size = 100 + random.nextInt(401);
                        long t0 = System.nanoTime();
                        Outcome outcome = batch(kinesis, stream, client, batch++, size, random, iterators,
                                counted ? putSamples : null, counted ? getSamples : null);
                        long t1 = System.nanoTime();
                        inStream += size;
                        if (counted && measuring.get()) {
                            batches.incrementAndGet();
                            records.addAndGet(size);
                            lost.addAndGet(outcome.lost());
                            duplicates.addAndGet(outcome.duplicates());
                            failedPuts.addAndGet(outcome.failedPuts());
                            batchSamples.add(t1 - t0);
                        }
                    }
                    String last = stream;
                    kinesis.deleteStream(b -> b.streamName(last));
                } catch (Throwable e) {
                    errors.add(e);
                    ready.countDown();
                } finally {
                    synchronized (batchTimes) {
                        batchTimes.add(batchSamples.toArray());
                        putTimes.add(putSamples.toArray());
                        getTimes.add(getSamples.toArray());
                    }
                    finished.countDown();
                }
            });
        }
        ready.await();
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        done.set(true);
        finished.await();
        if (!errors.isEmpty()) {
            errors.forEach(Throwable::printStackTrace);
            throw new IllegalStateException(errors.size() + " clients failed; the first: " + errors.getFirst());
        }
        return new Result(clients, batches.get(), records.get(), lost.get(), duplicates.get(), failedPuts.get(), elapsed,
                merge(batchTimes), merge(putTimes), merge(getTimes));
    }

    record Outcome(long lost, long duplicates, long failedPuts) {}

    /** One batch: put every record (resending the ones a put failed), then read them all back. */
    private static Outcome batch(KinesisClient kinesis, String stream, int client, long batch, int size, SplittableRandom random,
                                 Map<String, String> iterators, Samples putSamples, Samples getSamples) {
        List<PutRecordsRequestEntry> pending = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] data = new byte[PAYLOAD_BYTES];
            ByteBuffer.wrap(data).putInt(client).putLong(batch).putInt(i);
            pending.add(PutRecordsRequestEntry.builder().partitionKey(Long.toHexString(random.nextLong()))
                    .data(SdkBytes.fromByteArrayUnsafe(data)).build());
        }
        Map<String, Integer> expectedPerShard = new HashMap<>();
        long failed = 0;
        while (!pending.isEmpty()) {
            List<PutRecordsRequestEntry> sending = pending;
            long t0 = System.nanoTime();
            PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(sending));
            if (putSamples != null) putSamples.add(System.nanoTime() - t0);
            pending = new ArrayList<>();
            for (int i = 0; i < sending.size(); i++) {
                PutRecordsResultEntry result = response.records().get(i);
                if (result.errorCode() != null) {
                    pending.add(sending.get(i));
                    failed++;
                } else {
                    expectedPerShard.merge(result.shardId(), 1, Integer::sum);
                }
            }
        }
        BitSet seen = new BitSet(size);
        long duplicates = 0;
        long deadline = System.nanoTime() + READ_BACK_TIMEOUT.toNanos();
        int read = 0;
        for (var expected : expectedPerShard.entrySet()) {
            String shard = expected.getKey();
            int got = 0;
            while (got < expected.getValue() && System.nanoTime() < deadline) {
                String iterator = iterators.get(shard);
                long t0 = System.nanoTime();
                var page = kinesis.getRecords(b -> b.shardIterator(iterator));
                if (getSamples != null) getSamples.add(System.nanoTime() - t0);
                iterators.put(shard, page.nextShardIterator());
                for (Record r : page.records()) {
                    ByteBuffer data = r.data().asByteBuffer();
                    int fromClient = data.getInt();
                    long fromBatch = data.getLong();
                    int index = data.getInt();
                    if (fromClient != client || fromBatch != batch) {
                        continue; // a late record of an earlier batch that timed out
                    }
                    if (seen.get(index)) {
                        duplicates++;
                    } else {
                        seen.set(index);
                        got++;
                    }
                }
            }
            read += got;
        }
        return new Outcome(size - read, duplicates, failed);
    }

    /** Creates a stream, waits until it is ACTIVE, and returns a LATEST iterator per shard. */
    private static Map<String, String> newStream(KinesisClient kinesis, String stream, int shards) throws InterruptedException {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(kinesis, stream);
        Map<String, String> iterators = new HashMap<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
            iterators.put(shard.shardId(), kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator());
        }
        return iterators;
    }

    private static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(stream + " did not become ACTIVE");
            Thread.sleep(20);
        }
    }

    private static void report(Result r) {
        System.out.println();
        System.out.printf("%d clients: %d batches (%d records) in %.1f s: %.1f batches/s, %.0f records/s written and read back;"
                        + " %d lost, %d read twice, %d put failures resent%n",
                r.clients(), r.batches(), r.records(), r.seconds(), r.batches() / r.seconds(), r.records() / r.seconds(),
                r.lost(), r.duplicates(), r.failedPuts());
        System.out.println();
        System.out.println("| what | count | per second | p50 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("batch (PutRecords + GetRecords until read back)", r.batchNanos(), r.seconds());
        row("PutRecords call (100-500 records)", r.putNanos(), r.seconds());
        row("GetRecords call", r.getNanos(), r.seconds());
        System.out.printf("| records written and read back | %d | %.0f | | |%n", r.records(), r.records() / r.seconds());
        System.out.printf("| records lost | %d | | | |%n", r.lost());
    }

    private static void row(String what, long[] nanos, double seconds) {
        Arrays.sort(nanos);
        double p50 = nanos.length == 0 ? 0 : nanos[nanos.length / 2] / 1e6;
        double p99 = nanos.length == 0 ? 0 : nanos[(int) (nanos.length * 0.99)] / 1e6;
        System.out.printf("| %s | %d | %.1f | %.2f | %.2f |%n", what, nanos.length, nanos.length / seconds, p50, p99);
    }

    private static long[] merge(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    /** Latencies of one client, appended without locking. */
    private static final class Samples {
        private long[] values = new long[1024];
        private int size;

        void add(long nanos) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = nanos;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private static KinesisClient client(URI endpoint) {
        return KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS)).httpClient(http.create()).build();
    }
}
