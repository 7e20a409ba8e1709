package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.eventsource.filter.FilterCriteria;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * An SQS event source mapping: long-polls the queue, builds batches (batch size, maximum batching window),
 * invokes the function with the SQSEvent shape and deletes what succeeded. A function error leaves the
 * whole batch on the queue: the messages reappear after the visibility timeout, and the queue's redrive
 * policy moves a poison message to its DLQ after maxReceiveCount. With ReportBatchItemFailures only the
 * reported messages stay. Messages no filter matches are deleted, as Lambda does.
 *
 * <p>FIFO queues get a single poller: SQS never hands out a group's next message while one is in flight,
 * and one poller keeps each group's batches strictly one after the other. Standard queues get
 * MaximumConcurrency pollers (3 when unset), never more than the function's reserved concurrency.
 */
final class SqsPoller implements EventSourceMapping {
    private static final int DEFAULT_POLLERS = 3;

    private final EventSourceMappingSpec spec;
    private final MappingServices services;
    private final FilterCriteria filters;
    private final String functionName;
    private final String region;
    private final Counters counters = new Counters();
    private final PollerThreads threads = new PollerThreads();
    private String queueUrl;

    SqsPoller(EventSourceMappingSpec spec, MappingServices services) {
        this.spec = spec;
        this.services = services;
        this.filters = FilterCriteria.parse(spec.filterPatterns());
        this.functionName = services.invoker().functionName(spec.functionArn());
        this.region = spec.eventSourceArn().split(":")[3];
    }

    void start() {
        this.queueUrl = services.destinations().queueUrl(spec.eventSourceArn());
        boolean fifo = spec.eventSourceArn().endsWith(".fifo");
        int pollers = fifo ? 1 : spec.maximumConcurrency().orElse(DEFAULT_POLLERS);
        // More pollers than the function may run at once would only turn batches into throttles (and receives
        // that count towards the DLQ's maxReceiveCount).
        int reserved = services.invoker().reservedConcurrency(spec.functionArn()).orElse(Integer.MAX_VALUE);
        pollers = Math.max(1, Math.min(pollers, reserved));
        for (int i = 0; i < pollers; i++) {
            threads.start("esm-sqs-" + spec.logicalId() + "-" + i, this::poll);
        }
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
    public MappingStats stats(java.time.Instant since) {
        return counters.snapshot(spec.logicalId(), since);
    }

    private void poll() {
        SqsClient sqs = services.clients().sqs();
        Backoff backoff = new Backoff(services.settings().pollInterval());
        while (threads.running()) {
            try {
                List<Message> batch = receiveBatch(sqs);
                backoff.succeeded();
                if (!batch.isEmpty()) {
                    process(sqs, batch);
                }
            } catch (RuntimeException e) {
                if (!threads.running() || Thread.currentThread().isInterrupted()) {
                    return;
                }
                Duration pause = backoff.failed();
                if (backoff.worthLogging()) {
                    services.log(spec.logicalId(), "polling " + spec.eventSourceArn() + " failed, retrying in "
                            + pause.toMillis() + " ms: " + e.getMessage());
                }
                PollerThreads.pause(pause);
            }
        }
    }

    private List<Message> receiveBatch(SqsClient sqs) {
        List<Message> batch = new ArrayList<>();
        Duration window = spec.maximumBatchingWindow();
        long deadline = System.nanoTime() + window.toNanos();
        do {
            int wait = batch.isEmpty()
                    ? (int) services.settings().sqsWaitTime().toSeconds()
                    : (int) Math.min(services.settings().sqsWaitTime().toSeconds(),
                    Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toSeconds()));
            int max = Math.min(10, spec.batchSize() - batch.size());
            ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max)
                    .waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All"));
            counters.reads.incrementAndGet();
            batch.addAll(r.messages());
            if (r.messages().isEmpty() && !batch.isEmpty() && wait == 0) {
                // Waiting out a sub-second window: do not spin on empty receives.
                PollerThreads.pause(Duration.ofMillis(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000))));
            }
            if (batch.isEmpty()) {
                // Nothing yet: the window starts with the first message, as Lambda's does.
                deadline = System.nanoTime() + window.toNanos();
                if (!threads.running()) {
                    break;
                }
            }
        } while (threads.running() && batch.size() < spec.batchSize() && (batch.isEmpty() || System.nanoTime() < deadline));
        return batch;
    }

    private void process(SqsClient sqs, List<Message> messages) {
        oldestSent(messages).ifPresent(counters::read);
        List<Message> matching = new ArrayList<>();
        List<ObjectNode> records = new ArrayList<>();
        List<Message> dropped = new ArrayList<>();
        for (Message m : messages) {
            ObjectNode record = record(m);
            if (filters.matches(filterView(record))) {
                matching.add(m);
                records.add(record);
            } else {
                dropped.add(m);
            }
        }
        if (!dropped.isEmpty()) {
            counters.filteredOut.addAndGet(dropped.size());
            delete(sqs, dropped);
        }
        if (matching.isEmpty()) {
            return;
        }
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(array::add);
        byte[] payload = Json.write(event).getBytes(StandardCharsets.UTF_8);
        List<InvokeResult> results;
        counters.inFlight.enter();
        try {
            results = services.deliver(spec.functionArn(), functionName, payload);
        } finally {
            counters.inFlight.exit();
        }
        counters.batches.addAndGet(results.size());
        counters.records.addAndGet(matching.size());
        List<String> ids = matching.stream().map(Message::messageId).toList();
        BatchResponse outcome = BatchResponse.of(results, spec.reportBatchItemFailures(), ids);
        switch (outcome) {
            case BatchResponse.AllSucceeded a -> delete(sqs, matching);
            case BatchResponse.Partial p -> {
                counters.failedBatches.incrementAndGet();
                Set<String> failed = p.failedIds();
                delete(sqs, matching.stream().filter(m -> !failed.contains(m.messageId())).toList());
            }
            case BatchResponse.BatchFailed f -> {
                // Nothing is deleted: every message comes back after the visibility timeout.
                counters.failedBatches.incrementAndGet();
                services.log(spec.logicalId(), "batch of " + matching.size() + " failed (" + f.reason()
                        + "); the messages return to the queue after its visibility timeout");
            }
            case BatchResponse.Throttled t -> {
                counters.failedBatches.incrementAndGet();
                PollerThreads.pause(services.settings().throttleRetryDelay());
            }
        }
    }

    /** When the oldest message of a batch was sent: how long the backlog made it wait. */
    private static java.util.Optional<java.time.Instant> oldestSent(List<Message> messages) {
        return messages.stream().map(m -> m.attributesAsStrings().get(MessageSystemAttributeName.SENT_TIMESTAMP.toString()))
                .filter(java.util.Objects::nonNull).map(Long::parseLong).min(Long::compare).map(java.time.Instant::ofEpochMilli);
    }

    private void delete(SqsClient sqs, List<Message> messages) {
        for (int i = 0; i < messages.size(); i += 10) {
            List<Message> chunk = messages.subList(i, Math.min(messages.size(), i + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(j))
                        .receiptHandle(chunk.get(j).receiptHandle()).build());
            }
            var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                services.log(spec.logicalId(), "could not delete " + response.failed().size()
                        + " processed message(s): " + response.failed().getFirst().message()
                        + " (they will be delivered again)");
            }
        }
    }

    /** The record exactly as Lambda puts it in an SQSEvent. */
    ObjectNode record(Message m) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        ObjectNode attributes = r.putObject("attributes");
        for (Map.Entry<String, String> a : m.attributesAsStrings().entrySet()) {
            attributes.put(a.getKey(), a.getValue());
        }
        ObjectNode messageAttributes = r.putObject("messageAttributes");
        for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
            MessageAttributeValue v = a.getValue();
            ObjectNode attr = messageAttributes.putObject(a.getKey());
            if (v.stringValue() != null) {
                attr.put("stringValue", v.stringValue());
            }
            if (v.binaryValue() != null) {
                attr.put("binaryValue", Base64.getEncoder().encodeToString(v.binaryValue().asByteArray()));
            }
            ArrayNode strings = attr.putArray("stringListValues");
            v.stringListValues().forEach(strings::add);
            ArrayNode binaries = attr.putArray("binaryListValues");
            v.binaryListValues().forEach(b -> binaries.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            attr.put("dataType", v.dataType());
        }
        r.put("md5OfBody", m.md5OfBody());
        if (m.md5OfMessageAttributes() != null) {
            r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
        }
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", spec.eventSourceArn());
        r.put("awsRegion", region);
        return r;
    }

    /** What filters see: the record with a JSON body parsed (a plain-text body stays a string). */
    private static JsonNode filterView(ObjectNode record) {
        ObjectNode view = record.deepCopy();
        JsonNode parsed = Json.payloadNode(record.get("body").asText().getBytes(StandardCharsets.UTF_8));
        if (parsed.isObject() || parsed.isArray()) {
            view.set("body", parsed);
        }
        return view;
    }

    @Override
    public void close() {
        threads.close();
    }
}
