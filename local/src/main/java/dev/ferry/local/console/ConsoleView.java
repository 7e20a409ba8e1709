package dev.ferry.local.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.eventsource.MappingStats;
import dev.ferry.local.faults.Fault;
import dev.ferry.local.faults.FaultCounters;
import dev.ferry.local.lambda.AwsClients;
import dev.ferry.local.lambda.FunctionStats;
import dev.ferry.local.lambda.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The console's documents, as JSON: the topology, the live state (pushed every second), a trace, a function's last
 * log lines, a dead-letter queue's messages; and its actions: redrive, switch fault rates.
 */
final class ConsoleView implements AutoCloseable {
    /** A state is built at most this often, however many pages are open. */
    static final Duration STATE_EVERY = Duration.ofMillis(900);

    private final ConsoleSources sources;
    private final AwsClients clients;
    private final LogTail logs;
    private volatile Topology topology;
    private volatile ObjectNode lastState;
    private volatile Instant lastStateAt = Instant.EPOCH;
    /** The oldest message of each dead-letter queue, as last shown (only a look at the messages tells it). */
    private final Map<String, Instant> oldestDeadLetter = new ConcurrentHashMap<>();

    ConsoleView(ConsoleSources sources) {
        this.sources = sources;
        this.clients = new AwsClients(sources.environment(), sources.environment().getOrDefault("AWS_REGION", "us-east-1"));
        this.logs = new LogTail(sources.logs(), ZoneId.systemDefault());
    }

    Topology topology() {
        Topology t = topology;
        if (t == null) {
            t = Topology.of(sources.runtime().deployment(), sources.resources(), clients.sqs(), clients.sns());
            topology = t;
        }
        return t;
    }

    ObjectNode topologyDocument() {
        Topology t = topology();
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ArrayNode nodes = doc.putArray("nodes");
        t.nodes().forEach(n -> nodes.addObject().put("id", n.id()).put("kind", n.kind()).put("label", n.label())
                .put("column", n.column().ordinal()));
        ArrayNode edges = doc.putArray("edges");
        t.edges().forEach(e -> edges.addObject().put("id", e.id()).put("from", e.from()).put("to", e.to()).put("kind", e.kind())
                .put("detail", e.detail()));
        return doc;
    }

    synchronized ObjectNode state() {
        Instant now = Instant.now();
        if (lastState != null && Duration.between(lastStateAt, now).compareTo(STATE_EVERY) < 0) return lastState;
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("at", now.toString());
        ArrayNode functions = doc.putArray("functions");
        for (FunctionStats s : sources.runtime().functionStats()) {
            ObjectNode f = functions.addObject();
            f.put("name", s.functionName());
            f.put("invocations", s.invocations());
            f.put("errors", s.errors());
            f.put("throttles", s.throttles());
            f.put("coldStarts", s.coldStarts());
            f.put("concurrency", s.concurrentExecutions());
            f.put("peakConcurrency", s.peakConcurrentExecutions());
            double[] p = sources.recorder().durations(s.functionName()).map(d -> d.percentilesMillis(50, 90, 99, 100)).orElse(new double[0]);
            if (p.length == 4) {
                f.put("p50", p[0]).put("p90", p[1]).put("p99", p[2]).put("max", p[3]);
            }
        }
        Map<String, QueueDepth> queues = queueDepths();
        Map<String, MappingStats> mappingsBySource = mappingsBySource();
        putQueues(doc.putArray("queues"), queues, mappingsBySource, now);
        putEdges(doc.putObject("edges"), queues, mappingsBySource, now.getEpochSecond());
        putFaults(doc.putObject("faults"));
        ArrayNode orders = doc.putArray("orders");
        var recent = sources.recorder().recent();
        for (InvocationRecorder.PlacedOrder o : sources.recorder().orders()) {
            ObjectNode trace = Traces.of(o.correlationId(), recent);
            orders.addObject().put("orderId", o.orderId()).put("correlationId", o.correlationId()).put("status", trace.path("status").asText());
        }
        doc.set("guarantees", Traces.guarantees(recent));
        doc.put("logs", logs.available());
        lastState = doc;
        lastStateAt = now;
        return doc;
    }

    private record QueueDepth(long visible, long inFlight, long delayed) {}

    private Map<String, QueueDepth> queueDepths() {
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        for (Topology.Node n : topology().nodes()) {
            if (!n.id().startsWith("queue:")) continue;
            try {
                String url = clients.sqs().getQueueUrl(b -> b.queueName(n.label())).queueUrl();
                Map<QueueAttributeName, String> a = clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
                depths.put(n.label(), new QueueDepth(number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                        number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
                        number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))));
            } catch (RuntimeException gone) {
                // deleted, or the data plane is stopping
            }
        }
        return depths;
    }

    private Map<String, MappingStats> mappingsBySource() {
        Map<String, EventSourceMappingSpec> specs = new HashMap<>();
        sources.runtime().deployment().eventSourceMappings().forEach(m -> specs.put(m.logicalId(), m));
        Map<String, MappingStats> bySource = new HashMap<>();
        for (MappingStats s : sources.mappings().stats()) {
            EventSourceMappingSpec spec = specs.get(s.mapping());
            if (spec == null) continue;
            bySource.put(InvocationRecorder.edge(Topology.sourceOf(spec), Topology.function(sources.runtime().functionName(spec.functionArn()))), s);
        }
        return bySource;
    }

    private void putQueues(ArrayNode out, Map<String, QueueDepth> depths, Map<String, MappingStats> mappings, Instant now) {
        Map<String, String> kinds = new HashMap<>();
        topology().nodes().forEach(n -> kinds.put(n.id(), n.kind()));
        depths.forEach((name, d) -> {
            ObjectNode q = out.addObject();
            boolean dead = "dead-letter queue".equals(kinds.get(Topology.queue(name)));
            q.put("name", name).put("deadLetter", dead).put("visible", d.visible()).put("inFlight", d.inFlight()).put("delayed", d.delayed());
            Optional<Duration> oldest = dead
                    ? Optional.ofNullable(oldestDeadLetter.get(name)).filter(t -> d.visible() + d.inFlight() > 0).map(t -> Duration.between(t, now))
                    : mappings.entrySet().stream().filter(e -> e.getKey().startsWith(Topology.queue(name) + " -> "))
                            .map(e -> e.getValue().oldestRecordAge()).filter(a -> d.visible() + d.inFlight() > 0).findFirst();
            oldest.ifPresentOrElse(a -> q.put("oldestAgeMillis", a.toMillis()), () -> q.putNull("oldestAgeMillis"));
        });
    }

    /**
     * Each edge's messages: measured where a function was invoked with them (source to function); a function's
     * outgoing edges carry what it handled; a subscription carries what its queue's consumer took. Backlog: the
     * messages waiting in the queue an edge leads into or out of; in flight: received and not yet deleted, or a stream
     * mapping's batches running now.
     */
    private void putEdges(ObjectNode out, Map<String, QueueDepth> depths, Map<String, MappingStats> mappings, long second) {
        Map<String, RateWindow> measured = sources.recorder().edges();
        for (Topology.Edge e : topology().edges()) {
            long total = 0;
            double rate = 0;
            if (measured.containsKey(e.id())) {
                total = measured.get(e.id()).total();
                rate = measured.get(e.id()).perSecond(second);
            } else if (e.from().startsWith("fn:") && !e.kind().equals("on-failure")) {
                for (var m : measured.entrySet()) {
                    if (m.getKey().endsWith(" -> " + e.from())) {
                        total += m.getValue().total();
                        rate += m.getValue().perSecond(second);
                    }
                }
            } else if (e.kind().equals("subscription") && e.to().startsWith("queue:")) {
                for (var m : measured.entrySet()) {
                    if (m.getKey().startsWith(e.to() + " -> ")) {
                        total += m.getValue().total();
                        rate += m.getValue().perSecond(second);
                    }
                }
            }
            ObjectNode v = out.putObject(e.id());
            v.put("total", total).put("perSecond", Math.round(rate * 10) / 10.0);
            String queue = e.to().startsWith("queue:") ? e.to() : e.from().startsWith("queue:") ? e.from() : null;
            if (queue != null && depths.containsKey(queue.substring(6))) {
                QueueDepth d = depths.get(queue.substring(6));
                v.put("backlog", d.visible() + d.delayed()).put("inFlight", d.inFlight());
            } else if (mappings.containsKey(e.id())) {
                v.put("inFlight", mappings.get(e.id()).concurrentBatches());
            }
        }
    }

    private void putFaults(ObjectNode out) {
        var plan = sources.runtime().faultPlan();
        ObjectNode rates = out.putObject("rates");
        for (Fault f : Fault.values()) rates.put(f.key(), plan.probability(f));
        FaultCounters c = sources.runtime().faultCounters();
        out.putObject("injected").put("duplicate", c.duplicates()).put("crash-before", c.crashesBefore())
                .put("crash-after", c.crashesAfter()).put("throttle", c.throttles());
        sources.dynamoDbFaults().ifPresentOrElse(d -> {
            DynamoDbFaultPlan p = d.plan();
            rates.put("ddb-conflict", p.conflict()).put("ddb-throttle", p.throttle());
            var dc = d.counters();
            out.with("injected").put("ddb-conflict", dc.injectedConflicts()).put("ddb-throttle", dc.throttles());
        }, () -> out.put("dynamodb", "the DynamoDB faults need the embedded data plane"));
    }

    /** Switches the fault rates named (others stay); an {@link IllegalArgumentException} for an unknown key or a bad value. */
    void changeFaults(Map<String, Double> requested) {
        Map<String, Double> checked = new LinkedHashMap<>();
        requested.forEach((key, p) -> {
            if (p == null || p.isNaN() || p < 0 || p > 1) throw new IllegalArgumentException("the rate of " + key + " must be between 0 and 1, not " + p);
            checked.put(key, p);
        });
        Map<Fault, Double> lambda = new EnumMap<>(Fault.class);
        for (Fault f : Fault.values()) lambda.put(f, sources.runtime().faultPlan().probability(f));
        boolean dynamo = false;
        for (var e : checked.entrySet()) {
            Optional<Fault> fault = java.util.Arrays.stream(Fault.values()).filter(f -> f.key().equals(e.getKey())).findFirst();
            if (fault.isPresent()) {
                lambda.put(fault.get(), e.getValue());
            } else if (e.getKey().equals("ddb-conflict") || e.getKey().equals("ddb-throttle")) {
                if (sources.dynamoDbFaults().isEmpty()) {
                    throw new IllegalArgumentException(e.getKey() + " needs the embedded data plane (not 'up --endpoint')");
                }
                dynamo = true;
            } else {
                throw new IllegalArgumentException("unknown fault '" + e.getKey() + "': use duplicate, crash-before, crash-after, throttle,"
                        + " ddb-conflict or ddb-throttle");
            }
        }
        sources.runtime().changeFaultRates(lambda);
        if (dynamo) {
            sources.dynamoDbFaults().orElseThrow().update(p -> p
                    .withConflict(checked.getOrDefault("ddb-conflict", p.conflict()))
                    .withThrottle(checked.getOrDefault("ddb-throttle", p.throttle())));
        }
        lastState = null;
    }

    ObjectNode trace(String orderIdOrCorrelation) {
        String correlation = Traces.correlationOf(orderIdOrCorrelation, sources.recorder().orders());
        return Traces.of(correlation, sources.recorder().recent());
    }

    ObjectNode logs(String function, int lines) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("function", function);
        if (!logs.available()) {
            doc.put("note", "the functions' output goes to the terminal here, not to log files");
        }
        ArrayNode out = doc.putArray("lines");
        logs.last(function, lines).forEach(out::add);
        return doc;
    }

    ObjectNode deadLetters(String queue, int max) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        List<DeadLetters.Letter> letters = sources.deadLetters().show(queue, max);
        doc.put("queue", queue);
        ArrayNode out = doc.putArray("messages");
        letters.stream().flatMap(l -> l.sent().stream()).min(Instant::compareTo).ifPresentOrElse(
                t -> oldestDeadLetter.put(queue, t), () -> oldestDeadLetter.remove(queue));
        for (DeadLetters.Letter l : letters) {
            ObjectNode m = out.addObject();
            m.put("messageId", l.messageId());
            l.sent().ifPresent(t -> m.put("sent", t.toString()));
            m.put("receiveCount", l.receiveCount()).put("reason", l.reason()).put("report", l.report()).put("body", l.body());
        }
        DeadLetters.Queue q = sources.deadLetters().list().stream().filter(d -> d.name().equals(queue)).findFirst().orElse(null);
        if (q != null) {
            doc.put("depth", q.depth());
            doc.put("onFailureDestination", q.onFailureDestination());
            ArrayNode from = doc.putArray("sources");
            q.sources().forEach(from::add);
        }
        return doc;
    }

    ObjectNode redrive(String queue) throws InterruptedException {
        DeadLetters.Redriven r = sources.deadLetters().redrive(queue);
        lastState = null;
        return Json.MAPPER.createObjectNode().put("queue", queue).put("completed", r.completed()).put("moved", r.moved())
                .put("message", r.message());
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        clients.close();
    }
}
