package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How Lambda reads a function's response when the mapping has ReportBatchItemFailures: a null or empty
 * response, an empty object or an empty/null {@code batchItemFailures} list mean every item succeeded; a
 * list of {@code {"itemIdentifier": id}} names the failures; anything else (not JSON, an empty or null
 * identifier, an identifier not in the batch) fails the whole batch.
 */
public sealed interface BatchResponse {
    record AllSucceeded() implements BatchResponse {}

    record Partial(Set<String> failedIds) implements BatchResponse {}

    /** The function failed, or its response could not be used: the whole batch failed. */
    record BatchFailed(InvokeResult cause, String reason) implements BatchResponse {}

    /** Lambda refused to run the function: try again later without counting a retry. */
    record Throttled(InvokeResult cause) implements BatchResponse {}

    static BatchResponse of(List<InvokeResult> results, boolean reportBatchItemFailures, Collection<String> batchIds) {
        Set<String> failed = new LinkedHashSet<>();
        for (InvokeResult r : results) {
            BatchResponse one = of(r, reportBatchItemFailures, batchIds);
            switch (one) {
                case AllSucceeded a -> { }
                case Partial p -> failed.addAll(p.failedIds());
                case BatchFailed f -> {
                    return f;
                }
                case Throttled t -> {
                    return t;
                }
            }
        }
        return failed.isEmpty() ? new AllSucceeded() : new Partial(failed);
    }

    private static BatchResponse of(InvokeResult r, boolean report, Collection<String> batchIds) {
        return switch (r) {
            case InvokeResult.Throttled t -> new Throttled(t);
            case InvokeResult.FunctionError e -> new BatchFailed(e, e.errorType() + ": " + e.errorMessage());
            case InvokeResult.Rejected e -> new BatchFailed(e, e.errorCode() + ": " + e.message());
            case InvokeResult.Success s -> report ? parse(s, batchIds) : new AllSucceeded();
        };
    }

    private static BatchResponse parse(InvokeResult.Success s, Collection<String> batchIds) {
        if (s.payload() == null || s.payload().length == 0) {
            return new AllSucceeded();
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(s.payload());
        } catch (java.io.IOException e) {
            return new BatchFailed(s, "the response is not JSON, so Lambda cannot read batchItemFailures");
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new AllSucceeded();
        }
        if (!body.isObject()) {
            return new BatchFailed(s, "the response is not a JSON object with batchItemFailures");
        }
        JsonNode failures = body.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return new AllSucceeded();
        }
        if (!failures.isArray()) {
            return new BatchFailed(s, "batchItemFailures is not a list");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode f : failures) {
            JsonNode id = f.get("itemIdentifier");
            if (id == null || id.isNull() || !id.isTextual() || id.asText().isEmpty()) {
                return new BatchFailed(s, "a batchItemFailures entry has no itemIdentifier: " + f);
            }
            if (!batchIds.contains(id.asText())) {
                return new BatchFailed(s, "itemIdentifier " + id.asText() + " is not in the batch");
            }
            ids.add(id.asText());
        }
        return new Partial(ids);
    }
}
