package dev.ferry.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.ferry.local.front.AnswerObserver;
import dev.ferry.local.front.RequestRules;
import dev.ferry.local.front.Verdict;
import dev.ferry.local.http.AwsCall;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PutRecord and PutRecords limits kinesis-mock 0.6.2 does not apply ({@link KinesisLimits}): it accepts more than
 * 500 records or none, requests above 10 MiB, PutRecords records above the stream's maximum record size, and counts a
 * record's data without its partition key. Everything else goes to kinesis-mock untouched. The front remembers each
 * stream's maximum record size as CreateStream and UpdateMaxRecordSize set it.
 */
final class KinesisRules implements RequestRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    private final Map<String, Integer> maxRecordBytes = new ConcurrentHashMap<>();
    /** Told of every PutRecord(s) the engine accepted; null when nobody listens. */
    private final dev.ferry.local.StreamActivity activity;

    KinesisRules() {
        this(null);
    }

    KinesisRules(dev.ferry.local.StreamActivity activity) {
        this.activity = activity;
    }

    @Override
    public Verdict inspect(AwsCall call) {
        return switch (call.operation()) {
            case "PutRecord", "PutRecords", "CreateStream", "UpdateMaxRecordSize", "DeleteStream" -> read(call)
                    .map(request -> judge(call, request))
                    .orElseGet(Verdict::forward);
            default -> Verdict.forward();
        };
    }

    private Verdict judge(AwsCall call, JsonNode request) {
        String stream = streamName(request);
        return switch (call.operation()) {
            case "PutRecord" -> check(call, tooLarge(request, stream), stream);
            case "PutRecords" -> check(call, putRecordsProblem(request, stream), stream);
            case "CreateStream", "UpdateMaxRecordSize" -> {
                JsonNode kib = request.path("MaxRecordSizeInKiB");
                yield kib.canConvertToInt() && kib.intValue() > 0
                        ? Verdict.forward(onSuccess(() -> maxRecordBytes.put(stream, kib.intValue() * 1024)))
                        : Verdict.forward();
            }
            case "DeleteStream" -> Verdict.forward(onSuccess(() -> maxRecordBytes.remove(stream)));
            default -> Verdict.forward();
        };
    }

    /** Refuses what breaks a limit; a put the engine accepts wakes the stream's readers. */
    private Verdict check(AwsCall call, Optional<KinesisError> problem, String stream) {
        if (problem.isPresent()) {
            return Verdict.refuse(problem.get().answerTo(call));
        }
        return activity == null ? Verdict.forward()
                : Verdict.forward(onSuccess(() -> activity.recordsAdded(dev.ferry.local.StreamActivity.kinesisStream(stream))));
    }

    private Optional<KinesisError> putRecordsProblem(JsonNode request, String stream) {
        JsonNode records = request.path("Records");
        if (!records.isArray()) {
            return Optional.empty(); // kinesis-mock answers a request without records
        }
        if (records.isEmpty() || records.size() > KinesisLimits.MAX_RECORDS) {
            return Optional.of(KinesisError.recordsLength(records.size()));
        }
        long total = 0;
        for (JsonNode record : records) {
            Optional<KinesisError> tooLarge = tooLarge(record, stream);
            if (tooLarge.isPresent()) {
                return tooLarge;
            }
            total += KinesisLimits.recordSize(record);
        }
        return total > KinesisLimits.MAX_REQUEST_BYTES ? Optional.of(KinesisError.requestTooLarge()) : Optional.empty();
    }

    private Optional<KinesisError> tooLarge(JsonNode record, String stream) {
        long size = KinesisLimits.recordSize(record);
        int maximum = maxRecordBytes.getOrDefault(stream, KinesisLimits.DEFAULT_MAX_RECORD_BYTES);
        return size > maximum ? Optional.of(KinesisError.recordTooLarge(size, maximum)) : Optional.empty();
    }

    private static AnswerObserver onSuccess(Runnable action) {
        return new AnswerObserver() {
            @Override
            public void succeeded() {
                action.run();
            }
        };
    }

    /** The stream a request names, by StreamName or by the name at the end of its StreamARN. */
    private static String streamName(JsonNode request) {
        String name = request.path("StreamName").asText("");
        if (!name.isEmpty()) {
            return name;
        }
        String arn = request.path("StreamARN").asText("");
        int slash = arn.indexOf("stream/");
        return slash < 0 ? arn : arn.substring(slash + "stream/".length());
    }

    private static Optional<JsonNode> read(AwsCall call) {
        try {
            JsonNode tree = call.protocol() == AwsCall.Protocol.CBOR ? CBOR.readTree(call.content()) : JSON.readTree(call.content());
            return tree != null && tree.isObject() ? Optional.of(tree) : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
