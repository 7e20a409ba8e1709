package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.StreamActivity;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.eventsource.StreamSource.Record;
import dev.ferry.local.eventsource.StreamSource.Shard;
import dev.ferry.local.eventsource.StreamSource.Start;
import dev.ferry.local.eventsource.filter.FilterCriteria;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kinesis or DynamoDB Streams event source mapping: every shard is read by its own virtual thread, records in
 * order. With a ParallelizationFactor of N, up to N batches of one shard run at once: each round reads up to N
 * batches' worth of records and shares them out by ordering key ({@link ShardLanes}), each lane's batches in
 * order, so one key's records never overtake each other; the shard moves on once every lane has settled its
 * records (the checkpoint is then the round's last record). A child shard starts once its parents are read to
 * their end. A failed batch is bisected (when configured), retried up to maximumRetryAttempts, records older
 * than maximumRecordAge are given up, and what is given up goes to the on-failure destination as Lambda's
 * failure record; then the lane moves on. With ReportBatchItemFailures the batch is checkpointed before the
 * lowest reported sequence number and retried from there.
 *
 * <p>A reader that finds its shard empty waits before reading again: with the embedded data plane, until the
 * shard gets a record ({@link StreamActivity}; it reads anyway after five poll intervals without one); against
 * another endpoint, for {@code pollInterval}. It never waits while records are there: a round that read records is
 * followed by the next read at once.
 */
final class StreamPoller implements EventSourceMapping {
    private final EventSourceMappingSpec spec;
    private final MappingServices services;
    private final StreamSource source;
    private final FilterCriteria filters;
    private final String functionName;
    /** Batches of one shard processed at once (ParallelizationFactor, 1..10). */
    private final int lanes;
    private final Counters counters = new Counters();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    /** The shards of the first successful listing; null until then. Guarded by {@code this}. */
    private Set<String> initialIds;
    private final PollerThreads threads = new PollerThreads();

    StreamPoller(EventSourceMappingSpec spec, MappingServices services, StreamSource source) {
        this.spec = spec;
        this.services = services;
        this.source = source;
        this.filters = FilterCriteria.parse(spec.filterPatterns());
        this.functionName = services.invoker().functionName(spec.functionArn());
        this.lanes = Math.max(1, Math.min(10, spec.parallelizationFactor()));
    }

    void start() {
        // The shards that exist now start at the mapping's starting position; shards that appear later
        // (resharding, DynamoDB shard rollover) are read from their beginning. A stream still being created
        // is listed again by the discovery thread.
        boolean listed = false;
        try {
            startReadyShards(source.shards());
            listed = true;
        } catch (RuntimeException e) {
            services.log(spec.logicalId(), "listing the shards of " + spec.eventSourceArn() + " failed, will retry: "
                    + e.getMessage());
        }
        boolean initialListed = listed;
        threads.start("esm-" + spec.logicalId() + "-shards", () -> discover(initialListed));
    }

    private void discover(boolean initialListed) {
        Duration refresh = services.settings().pollInterval().multipliedBy(5);
        boolean listed = initialListed;
        while (threads.running()) {
            PollerThreads.pause(refresh);
            if (!threads.running()) {
                return;
            }
            try {
                startReadyShards(source.shards());
                listed = true;
            } catch (RuntimeException e) {
                services.log(spec.logicalId(), "listing the shards of " + spec.eventSourceArn()
                        + (listed ? " failed: " : " failed, will retry: ") + e.getMessage());
            }
        }
    }

    /**
     * Starts every shard not started yet whose parents are read to their end. The first listing fixes which
     * shards are "initial": they begin at the mapping's starting position, later ones at their start.
     */
    private synchronized void startReadyShards(List<Shard> shards) {
        if (initialIds == null) {
            initialIds = new HashSet<>();
            shards.forEach(s -> initialIds.add(s.shardId()));
            if (initialStart() instanceof Start.Latest) {
                // LATEST means "what is written from now on": a shard with a child is closed and has nothing
                // new, and its open descendants must start now, not when the parent would have been read.
                for (Shard s : shards) {
                    s.parentShardId().ifPresent(finished::add);
                    s.adjacentParentShardId().ifPresent(finished::add);
                }
            }
        }
        Set<String> listed = new HashSet<>();
        shards.forEach(s -> listed.add(s.shardId()));
        for (Shard s : shards) {
            if (started.contains(s.shardId()) || finished.contains(s.shardId()) || !parentsDone(s.parentShardId(), listed)
                    || !parentsDone(s.adjacentParentShardId(), listed)) {
                continue;
            }
            started.add(s.shardId());
            Start start = initialIds.contains(s.shardId()) ? initialStart() : new Start.TrimHorizon();
            // LATEST means "from when the mapping was created": take that position now, not when the thread runs.
            String first = start instanceof Start.Latest ? source.iterator(s.shardId(), start) : null;
            threads.start("esm-" + spec.logicalId() + "-" + s.shardId(), () -> readShard(s.shardId(), start, first));
        }
    }

    /** A closed shard was read to its end: start its children now rather than at the next discovery round. */
    private void shardFinished(String shardId) {
        finished.add(shardId);
        if (!threads.running()) {
            return;
        }
        try {
            startReadyShards(source.shards());
        } catch (RuntimeException e) {
            services.log(spec.logicalId(), "listing the children of " + shardId + " failed, the discovery thread will find them: "
                    + e.getMessage());
        }
    }

    /** True when the stream no longer lists the shard; false when it does or when listing fails too. */
    private boolean vanished(String shardId) {
        try {
            return source.shards().stream().noneMatch(s -> s.shardId().equals(shardId));
        } catch (RuntimeException listingFailed) {
            return false;
        }
    }

    /** A parent that is no longer listed has expired; one that is listed must have been read to its end. */
    private boolean parentsDone(Optional<String> parent, Set<String> listed) {
        return parent.isEmpty() || !listed.contains(parent.get()) || finished.contains(parent.get());
    }

    private Start initialStart() {
        return switch (spec.startingPosition().orElse(EventSourceMappingSpec.StartingPosition.TRIM_HORIZON)) {
            case TRIM_HORIZON -> new Start.TrimHorizon();
            case LATEST -> new Start.Latest();
            case AT_TIMESTAMP -> new Start.AtTimestamp(spec.startingPositionTimestamp().orElse(Instant.EPOCH));
        };
    }

    @Override
    public EventSourceMappingSpec spec() {
        return spec;
    }

    @Override
    public MappingStats stats() {
        return counters.snapshot(spec.logicalId());
    }

    @Override
    public MappingStats stats(Instant since) {
        return counters.snapshot(spec.logicalId(), since);
    }

    private void readShard(String shardId, Start start, String firstIterator) {
        Backoff backoff = new Backoff(services.settings().pollInterval());
        Optional<String> checkpoint = Optional.empty();
        String iterator = firstIterator;
        // One round is a batch per lane: with one lane, exactly Lambda's one batch in flight per shard.
        int roundSize = spec.batchSize() * lanes;
        while (threads.running()) {
            try {
                if (iterator == null) {
                    iterator = source.iterator(shardId, checkpoint.<Start>map(Start.AfterSequence::new).orElse(start));
                }
                List<Record> batch = new ArrayList<>();
                String lastRead = null;
                boolean closed = false;
                boolean sawRecords = false;
                long writes;
                long deadline = System.nanoTime() + spec.maximumBatchingWindow().toNanos();
                while (true) {
                    // Noted before the read: a write between the read and the wait below ends the wait at once.
                    writes = writesSoFar(shardId);
                    StreamSource.Page page = source.read(shardId, iterator, roundSize - batch.size());
                    counters.reads.incrementAndGet();
                    for (Record r : page.records()) {
                        sawRecords = true;
                        lastRead = r.sequenceNumber();
                        if (filters.matches(r.filterView())) {
                            batch.add(r);
                        } else {
                            counters.filteredOut.incrementAndGet();
                        }
                    }
                    if (page.nextIterator().isEmpty()) {
                        closed = true;
                        break;
                    }
                    iterator = page.nextIterator().get();
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= roundSize || left <= 0 || !threads.running()) {
                        break;
                    }
                    if (page.records().isEmpty()) {
                        // Within a batching window: the next read when a record comes, or when the window ends.
                        awaitRecords(shardId, writes, Duration.ofNanos(left));
                    }
                }
                if (!batch.isEmpty()) {
                    settleRound(shardId, batch);
                }
                if (lastRead != null) {
                    checkpoint = Optional.of(lastRead);
                }
                backoff.succeeded();
                if (closed) {
                    shardFinished(shardId);
                    return;
                }
                if (!sawRecords) {
                    // With the data plane's reports, a write ends the wait; the wait's end is only a safety net.
                    awaitRecords(shardId, writes, services.settings().pollInterval().multipliedBy(5));
                } else {
                    // Read up to the newest record the data plane reported: nothing more to read until the next write
                    // (a write after this check moves the count past what was noted, and the wait ends at once).
                    long noted = writesSoFar(shardId);
                    if (readToNewest(shardId, checkpoint)) {
                        awaitRecords(shardId, noted, services.settings().pollInterval().multipliedBy(5));
                    }
                }
            } catch (RuntimeException e) {
                if (!threads.running()) {
                    return;
                }
                if (vanished(shardId)) {
                    // Retention removed the shard (its records expired while this reader was failing): nothing
                    // is left to read, and its children no longer wait for it.
                    services.log(spec.logicalId(), shardId + " is no longer in " + spec.eventSourceArn()
                            + " (its records passed the stream's retention); stopped reading it");
                    finished.add(shardId);
                    return;
                }
                // An expired iterator or a transient error: start again after the last settled record.
                Duration pause = backoff.failed();
                if (backoff.worthLogging()) {
                    services.log(spec.logicalId(), "reading " + shardId + " failed, resuming after "
                            + checkpoint.orElse("the starting position") + " in " + pause.toMillis() + " ms: " + e.getMessage());
                }
                iterator = null;
                PollerThreads.pause(pause);
            }
        }
    }

    /** The shard's writes so far, as the data plane reports them; 0 when it does not. */
    private long writesSoFar(String shardId) {
        return services.streamActivity().flatMap(a -> StreamActivity.keyOf(spec.eventSourceArn(), shardId).map(a::version)).orElse(0L);
    }

    /** Whether {@code lastRead} is the newest record of the shard the data plane reported (DynamoDB streams report them). */
    private boolean readToNewest(String shardId, Optional<String> lastRead) {
        if (lastRead.isEmpty() || services.streamActivity().isEmpty()) {
            return false;
        }
        return StreamActivity.keyOf(spec.eventSourceArn(), shardId).flatMap(k -> services.streamActivity().get().newest(k))
                .map(newest -> {
                    try {
                        return new java.math.BigInteger(lastRead.get()).compareTo(newest) >= 0;
                    } catch (NumberFormatException notANumber) {
                        return false;
                    }
                }).orElse(false);
    }

    /**
     * After a read that found nothing: waits until the shard gets a write the data plane reports (counted past
     * {@code writesBefore}) or for {@code longest}, whichever comes first; without reports, for {@code pollInterval}
     * (or {@code longest}, if shorter).
     */
    private void awaitRecords(String shardId, long writesBefore, Duration longest) {
        Optional<StreamActivity> activity = services.streamActivity();
        Optional<String> key = StreamActivity.keyOf(spec.eventSourceArn(), shardId);
        if (activity.isEmpty() || key.isEmpty()) {
            Duration interval = services.settings().pollInterval();
            PollerThreads.pause(longest.compareTo(interval) < 0 ? longest : interval);
            return;
        }
        try {
            activity.get().awaitChange(key.get(), writesBefore, longest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(List<Record> records, int retries) {}

    /**
     * Settles what one round read: its lanes concurrently, each lane's batches in order. Returns once every lane
     * has settled, so that the shard's checkpoint can move past the round; a lane that failed unexpectedly makes
     * the round fail (and be read again), as one failing batch would with a single lane.
     */
    private void settleRound(String shardId, List<Record> records) {
        counters.read(records.stream().map(Record::arrival).min(Instant::compareTo).orElseThrow());
        List<List<Record>> byLane = ShardLanes.split(records, lanes);
        if (byLane.size() == 1) {
            settleLane(shardId, byLane.getFirst());
            return;
        }
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("esm-" + spec.logicalId() + "-" + shardId + "-lane-", 0).factory())) {
            for (List<Record> lane : byLane) {
                running.add(executor.submit(() -> settleLane(shardId, lane)));
            }
        }
        for (java.util.concurrent.Future<?> lane : running) {
            try {
                lane.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException | java.util.concurrent.CancellationException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void settleLane(String shardId, List<Record> lane) {
        for (List<Record> batch : ShardLanes.batches(lane, spec.batchSize())) {
            if (!threads.running()) {
                return;
            }
            settle(shardId, batch);
        }
    }

    /** Runs one batch to its end: success, or given up to the destination. Returns when the shard may move on. */
    private void settle(String shardId, List<Record> batch) {
        counters.records.addAndGet(batch.size());
        Deque<Pending> work = new ArrayDeque<>();
        work.push(new Pending(batch, 0));
        while (!work.isEmpty() && threads.running()) {
            Pending p = work.pop();
            List<Record> current = p.records();
            int retries = p.retries();
            int invokeCount = 0;
            InvokeResult last = null;
            while (threads.running()) {
                int expired = expiredPrefix(current);
                if (expired > 0) {
                    giveUp(shardId, current.subList(0, expired), "RecordAgeExceeded", invokeCount, last);
                    current = current.subList(expired, current.size());
                    if (current.isEmpty()) {
                        break;
                    }
                }
                List<InvokeResult> results;
                counters.inFlight.enter();
                try {
                    results = services.deliver(spec.functionArn(), functionName, event(current));
                } finally {
                    counters.inFlight.exit();
                }
                invokeCount += results.size();
                last = results.getLast();
                counters.batches.addAndGet(results.size());
                List<String> sequenceNumbers = current.stream().map(Record::sequenceNumber).toList();
                BatchResponse outcome = BatchResponse.of(results, spec.reportBatchItemFailures(), sequenceNumbers);
                if (outcome instanceof BatchResponse.AllSucceeded) {
                    break;
                }
                if (outcome instanceof BatchResponse.Throttled) {
                    PollerThreads.pause(services.settings().throttleRetryDelay());
                    continue;
                }
                counters.failedBatches.incrementAndGet();
                if (outcome instanceof BatchResponse.Partial partial) {
                    int first = 0;
                    while (first < current.size() && !partial.failedIds().contains(current.get(first).sequenceNumber())) {
                        first++;
                    }
                    // Checkpoint before the lowest failure: everything before it is done.
                    current = current.subList(first, current.size());
                } else if (outcome instanceof BatchResponse.BatchFailed failed) {
                    last = failed.cause();
                    if (spec.bisectBatchOnFunctionError() && current.size() > 1) {
                        int half = current.size() / 2;
                        work.push(new Pending(current.subList(half, current.size()), retries));
                        work.push(new Pending(current.subList(0, half), retries));
                        break;
                    }
                }
                if (exhausted(retries)) {
                    giveUp(shardId, current, "RetryAttemptsExhausted", invokeCount, last);
                    break;
                }
                retries++;
                PollerThreads.pause(services.settings().streamRetryDelay());
            }
        }
    }

    private boolean exhausted(int retries) {
        int max = spec.maximumRetryAttempts().orElse(-1);
        return max >= 0 && retries >= max;
    }

    private int expiredPrefix(List<Record> records) {
        Optional<Duration> maxAge = spec.maximumRecordAge().filter(d -> !d.isNegative());
        if (maxAge.isEmpty()) {
            return 0;
        }
        Instant oldest = Instant.now().minus(maxAge.get());
        int n = 0;
        while (n < records.size() && records.get(n).arrival().isBefore(oldest)) {
            n++;
        }
        return n;
    }

    private byte[] event(List<Record> records) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(r -> array.add(r.eventRecord()));
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    private void giveUp(String shardId, List<Record> records, String condition, int invokeCount, InvokeResult last) {
        Optional<String> destination = spec.onFailureDestinationArn();
        if (destination.isEmpty()) {
            counters.discarded.addAndGet(records.size());
            services.log(spec.logicalId(), condition + ": skipping " + records.size() + " record(s) of " + shardId
                    + " from " + records.getFirst().sequenceNumber() + " (no on-failure destination)");
            return;
        }
        String json = Json.write(StreamFailureRecord.of(source.kind(), spec, functionArn(), shardId, records,
                condition, invokeCount, last));
        try {
            services.destinations().send(destination.get(), json);
            counters.sentToDestination.addAndGet(records.size());
        } catch (RuntimeException e) {
            counters.discarded.addAndGet(records.size());
            services.log(spec.logicalId(), "could not send the failure record to " + destination.get() + ": " + e.getMessage());
        }
    }

    private String functionArn() {
        return spec.functionArn();
    }

    @Override
    public void close() {
        threads.close();
    }
}
