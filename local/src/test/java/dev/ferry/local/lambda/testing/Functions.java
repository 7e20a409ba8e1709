package dev.ferry.local.lambda.testing;

import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.deployment.SnsLambdaSubscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Builders of the Deployment model for tests. */
public final class Functions {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    public static final String FIXTURES = "dev.ferry.local.lambda.fixtures.";

    private Functions() {}

    public static String arn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    public static FunctionSpec function(String name, String handler, Path code, Map<String, String> env) {
        return new FunctionSpec(name, name, arn(name), handler.contains(".") ? handler : FIXTURES + handler, "java21",
                code, 256, Duration.ofSeconds(3), env, OptionalInt.empty(), AsyncInvokeConfig.defaults());
    }

    public static FunctionSpec withTimeout(FunctionSpec f, Duration timeout) {
        return new FunctionSpec(f.logicalId(), f.functionName(), f.arn(), f.handler(), f.runtime(), f.code(), f.memoryMb(),
                timeout, f.environment(), f.reservedConcurrency(), f.async());
    }

    public static FunctionSpec withReserved(FunctionSpec f, int reserved) {
        return new FunctionSpec(f.logicalId(), f.functionName(), f.arn(), f.handler(), f.runtime(), f.code(), f.memoryMb(),
                f.timeout(), f.environment(), OptionalInt.of(reserved), f.async());
    }

    public static FunctionSpec withAsync(FunctionSpec f, AsyncInvokeConfig async) {
        return new FunctionSpec(f.logicalId(), f.functionName(), f.arn(), f.handler(), f.runtime(), f.code(), f.memoryMb(),
                f.timeout(), f.environment(), f.reservedConcurrency(), async);
    }

    public static Map<String, String> env(Path outDir, String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OUT_DIR", outDir.toString());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    public static Deployment deployment(List<FunctionSpec> functions, List<EventSourceMappingSpec> mappings,
                                        List<SnsLambdaSubscription> subscriptions, List<ApiSpec> apis) {
        return new Deployment(functions, mappings, subscriptions, apis, Map.of());
    }

    public static Deployment functionsOnly(FunctionSpec... functions) {
        return deployment(List.of(functions), List.of(), List.of(), List.of());
    }

    /** An SQS mapping with Lambda's defaults except what the test sets. */
    public static EventSourceMappingSpec sqsMapping(String id, String functionName, String queueArn, int batchSize,
                                                    boolean reportBatchItemFailures, List<String> filters) {
        return new EventSourceMappingSpec(id, arn(functionName), queueArn, EventSourceMappingSpec.SourceKind.SQS, true,
                batchSize, Duration.ZERO, reportBatchItemFailures, filters, Optional.empty(), Optional.empty(), false,
                OptionalInt.empty(), Optional.empty(), Optional.empty(), 1, OptionalInt.empty());
    }

    /** The mapping with ScalingConfig.MaximumConcurrency (SQS). */
    public static EventSourceMappingSpec withMaximumConcurrency(EventSourceMappingSpec m, int maximumConcurrency) {
        return new EventSourceMappingSpec(m.logicalId(), m.functionArn(), m.eventSourceArn(), m.kind(), m.enabled(), m.batchSize(),
                m.maximumBatchingWindow(), m.reportBatchItemFailures(), m.filterPatterns(), m.startingPosition(),
                m.startingPositionTimestamp(), m.bisectBatchOnFunctionError(), m.maximumRetryAttempts(), m.maximumRecordAge(),
                m.onFailureDestinationArn(), m.parallelizationFactor(), OptionalInt.of(maximumConcurrency));
    }

    /** The mapping with a ParallelizationFactor (streams). */
    public static EventSourceMappingSpec withParallelizationFactor(EventSourceMappingSpec m, int factor) {
        return new EventSourceMappingSpec(m.logicalId(), m.functionArn(), m.eventSourceArn(), m.kind(), m.enabled(), m.batchSize(),
                m.maximumBatchingWindow(), m.reportBatchItemFailures(), m.filterPatterns(), m.startingPosition(),
                m.startingPositionTimestamp(), m.bisectBatchOnFunctionError(), m.maximumRetryAttempts(), m.maximumRecordAge(),
                m.onFailureDestinationArn(), factor, m.maximumConcurrency());
    }

    public static EventSourceMappingSpec streamMapping(String id, String functionName, String streamArn,
                                                       EventSourceMappingSpec.SourceKind kind, int batchSize,
                                                       boolean reportBatchItemFailures, List<String> filters,
                                                       boolean bisect, OptionalInt maxRetries,
                                                       Optional<String> onFailure) {
        return new EventSourceMappingSpec(id, arn(functionName), streamArn, kind, true, batchSize, Duration.ZERO,
                reportBatchItemFailures, filters, Optional.of(EventSourceMappingSpec.StartingPosition.TRIM_HORIZON),
                Optional.empty(), bisect, maxRetries, Optional.empty(), onFailure, 1, OptionalInt.empty());
    }
}
