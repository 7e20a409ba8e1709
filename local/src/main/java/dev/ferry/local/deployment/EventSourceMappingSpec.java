package dev.ferry.local.deployment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code AWS::Lambda::EventSourceMapping}, resolved. Fields that do not apply to the source kind are
 * empty. Defaults are Lambda's when the template leaves a property out.
 *
 * @param functionArn             the target function (an alias or version ARN is reduced to the function)
 * @param eventSourceArn          the queue, Kinesis stream or DynamoDB stream ARN on the target endpoint
 * @param filterPatterns          FilterCriteria.Filters[].Pattern, as JSON text
 * @param maximumRetryAttempts    streams only; empty = -1 = retry until the record expires
 * @param parallelizationFactor   streams only, 1..10
 */
public record EventSourceMappingSpec(
        String logicalId,
        String functionArn,
        String eventSourceArn,
        SourceKind kind,
        boolean enabled,
        int batchSize,
        Duration maximumBatchingWindow,
        boolean reportBatchItemFailures,
        List<String> filterPatterns,
        Optional<StartingPosition> startingPosition,
        Optional<Instant> startingPositionTimestamp,
        boolean bisectBatchOnFunctionError,
        OptionalInt maximumRetryAttempts,
        Optional<Duration> maximumRecordAge,
        Optional<String> onFailureDestinationArn,
        int parallelizationFactor,
        OptionalInt maximumConcurrency) {

    public EventSourceMappingSpec {
        filterPatterns = List.copyOf(filterPatterns);
    }

    public enum SourceKind { SQS, KINESIS, DYNAMODB_STREAMS }

    public enum StartingPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }
}
