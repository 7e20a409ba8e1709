package dev.ferry.local.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.eventsource.BatchResponse;
import dev.ferry.local.eventsource.ShardRangeReader;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Redrives one stream failure record: finds the mapping that gave up on the range (ListEventSourceMappings by
 * function and stream, for its filters and response types), reads the range from the stream, and invokes the
 * function synchronously through the Lambda API with the event the mapping would have delivered. The range
 * counts as processed only when the function returns without an error and, with a partial batch response,
 * names no failed record.
 */
public final class RangeRedrive {
    private final ShardRangeReader reader;
    private final LambdaClient lambda;

    /** @param lambda the Lambda API of the functions: the local runtime's, or AWS's */
    public RangeRedrive(ShardRangeReader reader, LambdaClient lambda) {
        this.reader = reader;
        this.lambda = lambda;
    }

    /**
     * @param failureQueueArn the queue the record came from: it picks the mapping when the function reads the
     *                        stream through several
     */
    public RedriveOutcome redrive(StreamFailure failure, String failureQueueArn) {
        ShardRangeReader.Range range = failure.range();
        EventSourceMappingConfiguration mapping;
        try {
            List<EventSourceMappingConfiguration> mappings = lambda.listEventSourceMappingsPaginator(b -> b
                    .functionName(failure.functionArn()).eventSourceArn(range.streamArn())).eventSourceMappings().stream().toList();
            if (mappings.size() > 1) {
                mappings = mappings.stream().filter(m -> m.destinationConfig() != null && m.destinationConfig().onFailure() != null
                        && failureQueueArn.equals(m.destinationConfig().onFailure().destination())).toList();
            }
            if (mappings.size() != 1) {
                return new RedriveOutcome.NotRedriven(mappings.isEmpty()
                        ? "no event source mapping from " + range.streamArn() + " to " + failure.functionArn()
                                + " exists any more, so its filters and batch response settings are unknown; restore the mapping, or "
                                + "process the range by hand"
                        : "several mappings from " + range.streamArn() + " to " + failure.functionArn() + " send failures to "
                                + failureQueueArn + "; it is not clear whose filters apply");
            }
            mapping = mappings.getFirst();
        } catch (SdkException e) {
            return new RedriveOutcome.NotRedriven("ListEventSourceMappings failed: " + e.getMessage());
        }
        List<String> filters = mapping.filterCriteria() == null ? List.of()
                : mapping.filterCriteria().filters().stream().map(Filter::pattern).toList();
        ShardRangeReader.Outcome read;
        try {
            read = reader.read(range, filters);
        } catch (SdkException | IllegalArgumentException e) {
            return new RedriveOutcome.NotRedriven("reading the range from " + range.streamArn() + " failed: " + e.getMessage());
        }
        return switch (read) {
            case ShardRangeReader.Outcome.Trimmed t -> new RedriveOutcome.Trimmed(t.detail());
            case ShardRangeReader.Outcome.Incomplete i -> new RedriveOutcome.NotRedriven("the range could not be read to its end: " + i.detail());
            case ShardRangeReader.Outcome.Read r -> r.records().isEmpty()
                    ? new RedriveOutcome.Redriven(r.read(), 0, Optional.empty())
                    : invoke(failure, r, mapping.functionResponseTypes().contains(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        };
    }

    private RedriveOutcome invoke(StreamFailure failure, ShardRangeReader.Outcome.Read range, boolean reportsItemFailures) {
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(failure.functionArn()).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(range.event())));
        } catch (SdkException e) {
            return new RedriveOutcome.NotRedriven("Lambda did not run " + failure.functionArn() + ": " + e.getMessage());
        }
        String requestId = Optional.ofNullable(response.responseMetadata().requestId()).orElse("unknown");
        int delivered = range.records().size();
        byte[] payload = response.payload() == null ? new byte[0] : response.payload().asByteArray();
        if (response.functionError() != null) {
            InvokeResult.FunctionError error = errorOf(requestId, payload);
            return new RedriveOutcome.FunctionFailed(range.read(), delivered, requestId, error.errorType() + ": " + error.errorMessage());
        }
        InvokeResult result = new InvokeResult.Success(requestId, payload);
        // Lambda reads batchItemFailures only when the mapping reports them; a function that names failures
        // anyway is still taken at its word here, so that no record it says it did not process is let go.
        BatchResponse strict = BatchResponse.of(List.of(result), true, range.sequenceNumbers());
        return switch (strict) {
            case BatchResponse.Partial p -> new RedriveOutcome.PartiallyFailed(range.read(), delivered, requestId, List.copyOf(p.failedIds()));
            case BatchResponse.BatchFailed f when reportsItemFailures ->
                    new RedriveOutcome.FunctionFailed(range.read(), delivered, requestId, "unusable partial batch response: " + f.reason());
            default -> new RedriveOutcome.Redriven(range.read(), delivered, Optional.of(requestId));
        };
    }

    /** Lambda's error document {@code {"errorType","errorMessage",...}}, or the raw payload when it is not one. */
    private static InvokeResult.FunctionError errorOf(String requestId, byte[] payload) {
        try {
            JsonNode doc = Json.MAPPER.readTree(payload);
            return new InvokeResult.FunctionError(requestId, doc.path("errorType").asText("Unhandled"),
                    doc.path("errorMessage").asText(""), doc.toString());
        } catch (IOException e) {
            return new InvokeResult.FunctionError(requestId, "Unhandled", new String(payload, StandardCharsets.UTF_8), "");
        }
    }
}
