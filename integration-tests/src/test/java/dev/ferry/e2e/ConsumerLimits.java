package dev.ferry.e2e;

import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.FunctionSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The concurrency limits the deployed templates give the workflow's consumers, read from the deployment the local
 * cloud runs (not from constants of the CDK app): for an SQS mapping its {@code ScalingConfig.MaximumConcurrency},
 * for a stream mapping its open shards × {@code ParallelizationFactor}, for a function its reserved concurrency,
 * else the sum over its mappings when only mappings invoke it.
 */
final class ConsumerLimits {

    /** One mapping: most batches at once, and what its batches are made of. */
    record MappingLimit(EventSourceMappingSpec spec, String function, String source, int batchesAtOnce) {
        Duration window() {
            return spec.maximumBatchingWindow();
        }

        int batchSize() {
            return spec.batchSize();
        }
    }

    private final Map<String, MappingLimit> mappings = new LinkedHashMap<>();
    private final Map<String, Integer> functions = new LinkedHashMap<>();

    private ConsumerLimits() {
    }

    static ConsumerLimits of(FerrySystem ferry) {
        ConsumerLimits limits = new ConsumerLimits();
        var deployment = ferry.runtime().deployment();
        for (EventSourceMappingSpec m : deployment.eventSourceMappings()) {
            if (!m.enabled()) {
                continue;
            }
            String function = ferry.runtime().functionName(m.functionArn());
            int atOnce = switch (m.kind()) {
                case SQS -> m.maximumConcurrency().orElseThrow(() -> new AssertionError("the SQS mapping " + m.logicalId()
                        + " of " + function + " has no ScalingConfig.MaximumConcurrency in the template"));
                case KINESIS, DYNAMODB_STREAMS -> openShards(ferry, m) * m.parallelizationFactor();
            };
            limits.mappings.put(m.logicalId(), new MappingLimit(m, function, sourceName(m), atOnce));
        }
        for (FunctionSpec f : deployment.functions()) {
            List<MappingLimit> feeding = limits.mappings.values().stream().filter(l -> l.function().equals(f.functionName())).toList();
            OptionalInt reserved = f.reservedConcurrency();
            if (reserved.isPresent()) {
                limits.functions.put(f.functionName(), reserved.getAsInt());
            } else if (!feeding.isEmpty() && !invokedOtherwise(ferry, f)) {
                limits.functions.put(f.functionName(), feeding.stream().mapToInt(MappingLimit::batchesAtOnce).sum());
            }
        }
        return limits;
    }

    /** Functions an API route, a subscription or a schedule also invokes have no mapping-derived bound. */
    private static boolean invokedOtherwise(FerrySystem ferry, FunctionSpec f) {
        var d = ferry.runtime().deployment();
        boolean api = d.apis().stream().flatMap(a -> a.routes().stream()).anyMatch(r -> ferry.runtime().functionName(r.functionArn())
                .equals(f.functionName()));
        boolean sns = d.snsSubscriptions().stream().anyMatch(s -> ferry.runtime().functionName(s.functionArn()).equals(f.functionName()));
        boolean scheduled = d.scheduleRules().stream().flatMap(r -> r.targets().stream())
                .anyMatch(t -> ferry.runtime().functionName(t.functionArn()).equals(f.functionName()));
        return api || sns || scheduled;
    }

    private static int openShards(FerrySystem ferry, EventSourceMappingSpec m) {
        if (m.kind() == SourceKind.KINESIS) {
            String stream = m.eventSourceArn().substring(m.eventSourceArn().indexOf(":stream/") + ":stream/".length());
            return (int) ferry.kinesis().listShards(r -> r.streamName(stream)).shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).count();
        }
        return (int) ferry.dynamoDbStreams().describeStream(r -> r.streamArn(m.eventSourceArn())).streamDescription().shards().stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).count();
    }

    /** The queue's name, or the stream's table or Kinesis stream name. */
    private static String sourceName(EventSourceMappingSpec m) {
        String resource = m.eventSourceArn().split(":", 6)[5];
        if (resource.startsWith("table/")) {
            return resource.split("/")[1];
        }
        return resource.startsWith("stream/") ? resource.substring("stream/".length()) : resource;
    }

    Map<String, MappingLimit> mappings() {
        return mappings;
    }

    /** Most invocations at once per function, for the functions the templates bound. */
    Map<String, Integer> functions() {
        return functions;
    }

    /** The mappings reading {@code source} (a queue name, a table name for its stream). */
    List<MappingLimit> reading(String source) {
        List<MappingLimit> found = mappings.values().stream().filter(l -> l.source().equals(source)).toList();
        if (found.isEmpty()) {
            throw new AssertionError("no mapping reads " + source + "; mappings read " + mappings.values().stream()
                    .map(MappingLimit::source).distinct().toList());
        }
        return found;
    }
}
