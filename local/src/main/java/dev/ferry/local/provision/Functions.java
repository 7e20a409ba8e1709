package dev.ferry.local.provision;

import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.EventSourceMappingSpec.StartingPosition;
import dev.ferry.local.deployment.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The Lambda side of the templates, collected rather than created: functions with their code asset and
 * environment, versions, aliases, EventInvokeConfigs and event source mappings.
 */
final class Functions {

    private static final int NAME_LIMIT = 64;

    private final String region;
    private final String account;
    private final Map<String, Path> fileAssetsByObjectKey;
    private final Map<String, FunctionSpec> functionsByArn = new LinkedHashMap<>();
    private final Map<String, AsyncInvokeConfig> asyncByArn = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();
    private final List<EventSourceMappingSpec> mappings = new ArrayList<>();

    Functions(String region, String account, Map<String, Path> fileAssetsByObjectKey) {
        this.region = region;
        this.account = account;
        this.fileAssetsByObjectKey = fileAssetsByObjectKey;
    }

    /** {@code arn:...:function:name:qualifier} or a partial ARN reduced to {@code arn:...:function:name}. */
    static String unqualified(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : functionArn;
    }

    String arnOf(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? unqualified(nameOrArn)
                : "arn:aws:lambda:" + region + ":" + account + ":function:" + nameOrArn;
    }

    /** Whether the assembly defines the function (by its unqualified ARN). */
    boolean contains(String functionArn) {
        return functionsByArn.containsKey(functionArn);
    }

    List<FunctionSpec> functions() {
        return functionsByArn.values().stream().map(f -> new FunctionSpec(f.logicalId(), f.functionName(), f.arn(),
                f.handler(), f.runtime(), f.code(), f.memoryMb(), f.timeout(), f.environment(), f.reservedConcurrency(),
                asyncByArn.getOrDefault(f.arn(), AsyncInvokeConfig.defaults()))).toList();
    }

    List<EventSourceMappingSpec> mappings() {
        return List.copyOf(mappings);
    }

    ResourceState function(Resource resource) {
        Props p = resource.properties();
        String name = p.string("FunctionName").orElseGet(() -> PhysicalNames.generate(
                resource.stack().stackName(), resource.logicalId(), NAME_LIMIT, ""));
        String arn = arnOf(name);
        Map<String, String> environment = new LinkedHashMap<>();
        Props variables = p.child("Environment").child("Variables");
        variables.node().fieldNames().forEachRemaining(key -> environment.put(key, variables.requireString(key)));
        FunctionSpec spec = new FunctionSpec(resource.logicalId(), name, arn,
                p.requireString("Handler"), p.string("Runtime").orElse("java21"), code(resource),
                p.integer("MemorySize").orElse(128), Duration.ofSeconds(p.integer("Timeout").orElse(3)),
                environment,
                p.integer("ReservedConcurrentExecutions").map(OptionalInt::of).orElse(OptionalInt.empty()),
                AsyncInvokeConfig.defaults());
        functionsByArn.put(arn, spec);
        return ResourceState.of(name, "Arn", arn);
    }

    ResourceState version(Resource resource) {
        String arn = arnOf(resource.properties().requireString("FunctionName"));
        int number = versions.merge(arn, 1, Integer::sum);
        return ResourceState.of(arn + ":" + number, "Version", Integer.toString(number), "FunctionArn", arn);
    }

    ResourceState alias(Resource resource) {
        Props p = resource.properties();
        String arn = arnOf(p.requireString("FunctionName")) + ":" + p.requireString("Name");
        return ResourceState.of(arn, "AliasArn", arn);
    }

    ResourceState invokeConfig(Resource resource) {
        Props p = resource.properties();
        String arn = arnOf(p.requireString("FunctionName"));
        Props destinations = p.child("DestinationConfig");
        asyncByArn.put(arn, new AsyncInvokeConfig(
                p.integer("MaximumRetryAttempts").orElse(2),
                Duration.ofSeconds(p.integer("MaximumEventAgeInSeconds").orElse(21_600)),
                destinations.child("OnSuccess").string("Destination"),
                destinations.child("OnFailure").string("Destination")));
        return ResourceState.of(arn + ":" + p.string("Qualifier").orElse("$LATEST"));
    }

    ResourceState eventSourceMapping(Resource resource) {
        Props p = resource.properties();
        String functionArn = arnOf(p.requireString("FunctionName"));
        String sourceArn = p.string("EventSourceArn").orElseThrow(() -> new ProvisioningException(resource.describe()
                + ": only mappings with an EventSourceArn (SQS, Kinesis, DynamoDB Streams) run locally"));
        SourceKind kind = kindOf(sourceArn, resource);
        List<String> filters = p.child("FilterCriteria").list("Filters").stream()
                .map(f -> f.json("Pattern").orElseThrow(() -> new ProvisioningException(
                        f.owner() + ": a filter needs a Pattern"))).toList();
        Optional<StartingPosition> start = p.string("StartingPosition")
                .map(s -> StartingPosition.valueOf(s.toUpperCase(Locale.ROOT)));
        if (kind != SourceKind.SQS && start.isEmpty()) {
            throw new ProvisioningException(resource.describe() + ": a stream mapping needs a StartingPosition");
        }
        OptionalInt retries = p.integer("MaximumRetryAttempts").filter(n -> n >= 0)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        Optional<Duration> recordAge = p.integer("MaximumRecordAgeInSeconds").filter(n -> n >= 0)
                .map(Duration::ofSeconds);
        String id = UUID.nameUUIDFromBytes((resource.stack().stackName() + "/" + resource.logicalId())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        mappings.add(new EventSourceMappingSpec(resource.logicalId(), functionArn, sourceArn, kind,
                p.bool("Enabled", true),
                p.integer("BatchSize").orElse(kind == SourceKind.SQS ? 10 : 100),
                Duration.ofSeconds(p.integer("MaximumBatchingWindowInSeconds").orElse(0)),
                p.strings("FunctionResponseTypes").contains("ReportBatchItemFailures"),
                filters, start,
                p.string("StartingPositionTimestamp").map(s -> Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000))),
                p.bool("BisectBatchOnFunctionError", false),
                retries, recordAge,
                p.child("DestinationConfig").child("OnFailure").string("Destination"),
                p.integer("ParallelizationFactor").orElse(1),
                p.child("ScalingConfig").integer("MaximumConcurrency").map(OptionalInt::of).orElse(OptionalInt.empty())));
        return ResourceState.of(id, "Id", id, "EventSourceMappingArn",
                "arn:aws:lambda:" + region + ":" + account + ":event-source-mapping:" + id);
    }

    private static SourceKind kindOf(String arn, Resource resource) {
        if (arn.startsWith("arn:aws:sqs:")) {
            return SourceKind.SQS;
        }
        if (arn.startsWith("arn:aws:kinesis:")) {
            return SourceKind.KINESIS;
        }
        if (arn.startsWith("arn:aws:dynamodb:") && arn.contains("/stream/")) {
            return SourceKind.DYNAMODB_STREAMS;
        }
        throw new ProvisioningException(resource.describe() + ": event source " + arn
                + " is not an SQS queue, Kinesis stream or DynamoDB stream, the sources the local runtime polls");
    }

    private Path code(Resource resource) {
        Props code = resource.properties().child("Code");
        Optional<Path> fromMetadata = Optional.of(resource.metadata().path("aws:asset:path").asText(""))
                .filter(s -> !s.isEmpty())
                .filter(s -> resource.metadata().path("aws:asset:property").asText("Code").equals("Code"))
                .map(s -> resource.stack().directory().resolve(s));
        Optional<Path> asset = fromMetadata.or(() -> code.string("S3Key").map(fileAssetsByObjectKey::get));
        Path path = asset.orElseThrow(() -> new ProvisioningException(resource.describe()
                + ": its code is not a file asset of the assembly (no aws:asset:path metadata and S3Key "
                + code.string("S3Key").orElse("(none)") + " is in no asset manifest); inline and image code cannot run locally"));
        if (!Files.exists(path)) {
            throw new ProvisioningException(resource.describe() + ": its code asset " + path
                    + " is missing; synthesize the CDK app again after building the functions");
        }
        return path.toAbsolutePath().normalize();
    }
}
