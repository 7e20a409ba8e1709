package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.infra.ContractDocument.FunctionRow;
import dev.ferry.infra.functions.WorkflowFunction;
import dev.ferry.outbox.OutboxRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FunctionsStackTest {

    private static Templates templates;
    private static FerryStacks stacks;
    private static List<Resource> mappings;

    @BeforeAll
    static void synthesize() {
        stacks = TestApps.dev();
        templates = new Templates(stacks);
        mappings = templates.resources(stacks.functions(), "AWS::Lambda::EventSourceMapping");
    }

    @Test
    void everyFunctionOfTheContractRunsItsHandlerWithExactlyItsEnvironment() {
        List<FunctionRow> contract = ContractDocument.load().functions();
        assertThat(contract).hasSize(12);
        assertThat(stacks.functions().functions().keySet())
                .containsExactlyInAnyOrderElementsOf(contract.stream().map(FunctionRow::name).toList());
        for (FunctionRow row : contract) {
            Resource function = function(row.name());
            assertThat(function.string("FunctionName")).isEqualTo("dev-" + row.name());
            assertThat(function.string("Handler")).isEqualTo(row.handler());
            Map<String, Object> environment = function.property("Environment.Variables")
                    .map(v -> (Map<String, Object>) v).orElse(Map.of());
            assertThat(environment.keySet()).as(row.name()).containsExactlyInAnyOrderElementsOf(row.environment());
        }
    }

    @Test
    void everyFunctionOfTheAppRunsJava21OnArm64WithActiveTracing() {
        List<Resource> all = templates.resources("AWS::Lambda::Function");
        assertThat(all).hasSize(12).allSatisfy(function -> {
            assertThat(function.string("Runtime")).isEqualTo("java21");
            assertThat(function.list("Architectures")).containsExactly("arm64");
            assertThat(function.string("TracingConfig.Mode")).isEqualTo("Active");
        });
    }

    @Test
    void everyFunctionLogsToItsOwnLogGroupWithARetention() {
        for (WorkflowFunction workflowFunction : stacks.functions().functions().values()) {
            Resource function = templates.resourceOf(workflowFunction.function());
            Resource logGroup = templates.requireReferenced(function.stackName(), function.require("LoggingConfig.LogGroup"));
            assertThat(logGroup.string("LogGroupName")).isEqualTo("/aws/lambda/" + function.string("FunctionName"));
            assertThat(logGroup.integer("RetentionInDays")).isPositive();
        }
    }

    @Test
    void apiFunctionsStartFromASnapshotBehindALiveAliasAndOthersDoNot() {
        List<Resource> aliases = templates.resources(stacks.functions(), "AWS::Lambda::Alias");
        for (WorkflowFunction workflowFunction : stacks.functions().functions().values()) {
            Resource function = templates.resourceOf(workflowFunction.function());
            boolean api = workflowFunction.spec().role() == FunctionRole.API;
            assertThat(function.property("SnapStart.ApplyOn")).as(function.logicalId())
                    .isEqualTo(api ? java.util.Optional.of("PublishedVersions") : java.util.Optional.empty());
            assertThat(aliases.stream().anyMatch(alias -> alias.require("FunctionName")
                    .equals(Map.of("Ref", function.logicalId())) && alias.string("Name").equals("live")))
                    .as(function.logicalId()).isEqualTo(api);
        }
    }

    @Test
    void everyQueueMappingReportsBatchItemFailuresWithTheContractsBatches() {
        Map<String, Integer> windows = Map.of("DepositWorker", 0, "PaymentsConsumer", 1, "OrdersConsumer", 1,
                "Notifications", 0);
        List<Resource> queueMappings = mappings.stream().filter(m -> m.property("StartingPosition").isEmpty()).toList();
        assertThat(queueMappings).hasSize(4);
        for (Resource mapping : queueMappings) {
            String function = functionName(mapping);
            assertThat(mapping.list("FunctionResponseTypes")).as(function).containsExactly("ReportBatchItemFailures");
            assertThat(mapping.integer("BatchSize")).as(function).isEqualTo(10);
            assertThat(mapping.property("MaximumBatchingWindowInSeconds").map(v -> ((Number) v).intValue()).orElse(0))
                    .as(function).isEqualTo(windows.get(function.substring("dev-".length())));
            Resource queue = templates.requireReferenced(mapping.stackName(), mapping.require("EventSourceArn"));
            assertThat(queue.property("RedrivePolicy.deadLetterTargetArn")).as(function).isPresent();
        }
    }

    @Test
    void aBurstWaitsInTheQueuesBecauseEveryQueueMappingHasAMaximumConcurrency() {
        Map<String, Integer> limits = Map.of("dev-DepositWorker", 2, "dev-PaymentsConsumer", 5, "dev-OrdersConsumer", 5,
                "dev-Notifications", 2);
        List<Resource> queueMappings = mappings.stream().filter(m -> m.property("StartingPosition").isEmpty()).toList();
        assertThat(queueMappings).allSatisfy(mapping -> assertThat(mapping.integer("ScalingConfig.MaximumConcurrency"))
                .as(functionName(mapping)).isEqualTo(limits.get(functionName(mapping))).isGreaterThanOrEqualTo(2));
    }

    @Test
    void eventLogReadersRunTwoBatchesPerShardAndTheRelayOne() {
        List<Resource> streamMappings = mappings.stream().filter(m -> m.property("StartingPosition").isPresent()).toList();
        assertThat(streamMappings).allSatisfy(mapping -> assertThat(mapping.integer("ParallelizationFactor")).as(functionName(mapping))
                .isEqualTo(functionName(mapping).equals("dev-OutboxRelay") ? 1 : 2));
    }

    @Test
    void everyStreamMappingBisectsRetriesBoundedlyAgesOutAndHandsFailuresToStreamFailures() {
        List<Resource> streamMappings = mappings.stream().filter(m -> m.property("StartingPosition").isPresent()).toList();
        assertThat(streamMappings).hasSize(6);
        String streamFailures = templates.resourceOf(stacks.messaging().streamFailures()).logicalId();
        for (Resource mapping : streamMappings) {
            String function = functionName(mapping);
            assertThat(mapping.property("BisectBatchOnFunctionError")).as(function).contains(true);
            assertThat(mapping.integer("MaximumRetryAttempts")).as(function).isBetween(0, 10);
            assertThat(mapping.integer("MaximumRecordAgeInSeconds")).as(function).isBetween(60, 24 * 3600);
            assertThat(templates.requireReferenced(mapping.stackName(),
                    mapping.require("DestinationConfig.OnFailure.Destination")).logicalId()).isEqualTo(streamFailures);
            assertThat(mapping.list("FunctionResponseTypes")).as(function).containsExactly("ReportBatchItemFailures");
            assertThat(mapping.string("StartingPosition")).as(function).isEqualTo("TRIM_HORIZON");
            assertThat(mapping.integer("BatchSize")).as(function).isEqualTo(100);
        }
    }

    @Test
    void aRelayBatchGivenUpLeavesItsRecordsToTheScheduledSweeper() {
        // The relay's retries are bounded like the other stream consumers': a batch it gives up (an SNS or Kinesis
        // outage longer than its retries) stays in the outbox table, and the sweeper publishes it on schedule.
        Resource sweeper = function("OutboxSweeper");
        List<Resource> rules = templates.resources(stacks.functions(), "AWS::Events::Rule");
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.string("Name")).isEqualTo("dev-outbox-sweep");
            assertThat(rule.string("ScheduleExpression")).isEqualTo("rate(5 minutes)");
            assertThat(rule.string("State")).isEqualTo("ENABLED");
            assertThat(rule.list("Targets")).singleElement().satisfies(target -> assertThat(
                    templates.requireReferenced(rule.stackName(), ((Map<?, ?>) target).get("Arn")).logicalId()).isEqualTo(sweeper.logicalId()));
        });
        Map<String, Object> environment = (Map<String, Object>) sweeper.require("Environment.Variables");
        assertThat(environment.get("OUTBOX_SWEEP_GRACE_SECONDS")).isEqualTo("120");
        assertThat(String.valueOf(environment.get("OUTBOX_TABLES"))).contains("OrdersOutbox").contains("AccountsOutbox");
    }

    @Test
    void analyticsAndAuditEachReadTheEventLog() {
        String eventLog = templates.resourceOf(stacks.messaging().eventLog()).logicalId();
        List<String> readers = mappings.stream()
                .filter(m -> templates.requireReferenced(m.stackName(), m.require("EventSourceArn")).logicalId()
                        .equals(eventLog))
                .map(FunctionsStackTest::functionName).toList();
        assertThat(readers).containsExactlyInAnyOrder("dev-Analytics", "dev-Audit");
    }

    @Test
    void theRelayReadsOnlyNewOutboxRecordsOfTheOutboxTablesAndTheEarlierLayoutsStreamsWithTheToolkitsFilter() {
        List<Resource> relayMappings = mappings.stream()
                .filter(m -> functionName(m).equals("dev-OutboxRelay")).toList();
        assertThat(relayMappings).hasSize(4);
        assertThat(relayMappings).extracting(m -> templates.requireReferenced(m.stackName(), m.require("EventSourceArn"))
                .string("TableName")).containsExactlyInAnyOrder("dev-orders-outbox", "dev-accounts-outbox", "dev-orders", "dev-accounts");
        assertThat(relayMappings).allSatisfy(mapping -> assertThat(mapping.list("FilterCriteria.Filters"))
                .containsExactly(Map.of("Pattern", OutboxRecord.STREAM_FILTER_PATTERN)));
    }

    @Test
    void telemetryIsInvokedAsynchronouslyBySnsWithoutRetriesOrFailureDestination() {
        Resource telemetry = function("Telemetry");
        List<Resource> invokeConfigs = templates.resources(stacks.functions(), "AWS::Lambda::EventInvokeConfig");
        assertThat(invokeConfigs).singleElement().satisfies(config -> {
            assertThat(config.require("FunctionName")).isEqualTo(Map.of("Ref", telemetry.logicalId()));
            assertThat(config.integer("MaximumRetryAttempts")).isZero();
            assertThat(config.property("DestinationConfig")).isEmpty();
        });
        List<Resource> subscriptions = templates.resources(stacks.functions(), "AWS::SNS::Subscription");
        assertThat(subscriptions).singleElement().satisfies(subscription -> {
            assertThat(subscription.string("Protocol")).isEqualTo("lambda");
            assertThat(templates.requireReferenced(subscription.stackName(), subscription.require("Endpoint")).logicalId())
                    .isEqualTo(telemetry.logicalId());
            assertThat(templates.requireReferenced(subscription.stackName(), subscription.require("TopicArn"))
                    .string("TopicName")).isEqualTo("dev-telemetry");
        });
        assertThat(templates.resources(stacks.functions(), "AWS::Lambda::Permission"))
                .filteredOn(permission -> permission.string("Principal").equals("sns.amazonaws.com")).singleElement()
                .satisfies(permission -> assertThat(permission.require("FunctionName")).isEqualTo(Map.of("Fn::GetAtt", List.of(telemetry.logicalId(), "Arn"))));
    }

    @Test
    void everyFunctionsCodeIsTheFunctionsJarAsset() {
        assertThat(templates.resources(stacks.functions(), "AWS::Lambda::Function")).allSatisfy(function -> {
            Map<?, ?> metadata = (Map<?, ?>) function.json().get("Metadata");
            assertThat(metadata.get("aws:asset:property")).isEqualTo("Code");
            assertThat(String.valueOf(metadata.get("aws:asset:path"))).startsWith("asset.").endsWith(".jar");
            assertThat(function.string("Code.S3Key")).endsWith(".jar");
        });
    }

    private static Resource function(String contractName) {
        return templates.resources(stacks.functions(), "AWS::Lambda::Function").stream()
                .filter(f -> f.string("FunctionName").equals("dev-" + contractName)).findFirst()
                .orElseThrow(() -> new AssertionError("no function dev-" + contractName));
    }

    private static String functionName(Resource mapping) {
        return templates.requireReferenced(mapping.stackName(), mapping.require("FunctionName")).string("FunctionName");
    }
}
