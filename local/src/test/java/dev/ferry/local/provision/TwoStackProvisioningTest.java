package dev.ferry.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.EventSourceMappingSpec.StartingPosition;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.deployment.SnsLambdaSubscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * A CDK-style assembly of two stacks (data, then app importing the data stack's exports) provisioned onto
 * the embedded data plane, checked through the AWS SDK, and the Deployment it yields for the runtime.
 */
class TwoStackProvisioningTest {

    private static final String JAR = "asset.3f9a6c1e2b7d4f8a9c0e1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f.jar";
    private static LocalCloud cloud;
    private static Path assembly;
    private static ProvisionResult result;
    private static Deployment deployment;

    @BeforeAll
    static void provision() {
        cloud = new LocalCloud();
        assembly = LocalCloud.fixture("two-stacks");
        result = Provisioner.provision(assembly, cloud.endpoints());
        deployment = result.deployment();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String ordersTableName() {
        return cloud.dynamoDb.listTables().tableNames().stream()
                .filter(n -> n.startsWith("FerryData-OrdersTable315BB997-")).findFirst().orElseThrow();
    }

    private static String queueUrl(String name) {
        return cloud.sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static Map<String, String> queueAttributes(String name) {
        return cloud.sqs.getQueueAttributes(b -> b.queueUrl(queueUrl(name)).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings();
    }

    private static String queueArn(String name) {
        return queueAttributes(name).get("QueueArn");
    }

    private static FunctionSpec function(String name) {
        return deployment.functions().stream().filter(f -> f.functionName().equals(name)).findFirst().orElseThrow();
    }

    private static EventSourceMappingSpec mapping(SourceKind kind) {
        return deployment.eventSourceMappings().stream().filter(m -> m.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void tableWithoutANameGetsAGeneratedOneWithStreamAndTimeToLive() {
        String name = ordersTableName();
        assertThat(name).matches("FerryData-OrdersTable315BB997-[A-Z0-9]{12}");
        TableDescription table = cloud.dynamoDb.describeTable(b -> b.tableName(name)).table();
        assertThat(table.streamSpecification().streamEnabled()).isTrue();
        assertThat(table.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
        assertThat(table.latestStreamArn()).startsWith(table.tableArn() + "/stream/");
        assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        var ttl = cloud.dynamoDb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
    }

    @Test
    void namedTableHasItsSortKeyAndSecondaryIndexes() {
        TableDescription audit = cloud.dynamoDb.describeTable(b -> b.tableName("ferry-audit-dev")).table();
        assertThat(audit.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("correlationId:HASH", "position:RANGE");
        assertThat(audit.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
            assertThat(gsi.indexName()).isEqualTo("byType");
            assertThat(gsi.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
        });
        assertThat(audit.localSecondaryIndexes()).singleElement().satisfies(lsi -> {
            assertThat(lsi.indexName()).isEqualTo("byTime");
            assertThat(lsi.projection().nonKeyAttributes()).containsExactly("data");
        });
        assertThat(audit.latestStreamArn()).isNull();
    }

    @Test
    void queueHasItsAttributesAndRedrivesToItsDeadLetterQueue() {
        Map<String, String> attributes = queueAttributes("payments-order-placed");
        assertThat(attributes).containsEntry("VisibilityTimeout", "60") // Fn::If on the dev Environment parameter
                .containsEntry("ReceiveMessageWaitTimeSeconds", "20");
        assertThat(attributes.get("RedrivePolicy")).contains(queueArn("payments-order-placed-dlq")).contains("3");
        // ElasticMQ omits MessageRetentionPeriod from GetQueueAttributes (docs/local-cloud.md): not checked here.
    }

    @Test
    void fifoQueueKeepsFifoSuffixOnItsGeneratedName() {
        String url = cloud.sqs.listQueues(b -> b.queueNamePrefix("FerryData-AccountCommandsQueue")).queueUrls().getFirst();
        String name = url.substring(url.lastIndexOf('/') + 1);
        assertThat(name).matches("FerryData-AccountCommandsQueue0C9D8B7A-[A-Z0-9]{12}\\.fifo");
        Map<String, String> attributes = queueAttributes(name);
        assertThat(attributes).containsEntry("FifoQueue", "true").containsEntry("ContentBasedDeduplication", "false");
        assertThat(attributes.get("RedrivePolicy")).contains("FerryData-AccountCommandsDlq7F0E2D1A-").contains(".fifo");
    }

    @Test
    void resourceWhoseConditionIsFalseIsNotCreatedNorItsOutput() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> queueUrl("prod-only")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThat(deployment.outputs()).doesNotContainKey("FerryData.ProdOnlyQueueUrl");
    }

    @Test
    void filteredRawSubscriptionDeliversOnlyMatchingEventsAsTheirBareBody() {
        String topicArn = deployment.outputs().entrySet().stream()
                .filter(e -> e.getKey().startsWith("FerryData.ExportsOutputRefDomainEventsTopic")).findFirst().orElseThrow().getValue();
        assertThat(topicArn).matches("arn:aws:sns:us-east-1:000000000000:FerryData-DomainEventsTopic2B6E1F0A-[A-Z0-9]{12}");
        publish(topicArn, "dev.ferry.payments.AccountOpened.v1", "{\"accountId\":\"a-1\"}");
        publish(topicArn, "dev.ferry.orders.OrderPlaced.v1", "{\"orderId\":\"o-1\"}");

        String url = queueUrl("payments-order-placed");
        List<Message> received = await().atMost(Duration.ofSeconds(10)).until(
                () -> cloud.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages(), messages -> !messages.isEmpty());
        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("{\"orderId\":\"o-1\"}");
            assertThat(message.messageAttributes().get("type").stringValue()).isEqualTo("dev.ferry.orders.OrderPlaced.v1");
        });
        cloud.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.getFirst().receiptHandle()));
        assertThat(cloud.sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
    }

    private static void publish(String topicArn, String type, String body) {
        cloud.sns.publish(b -> b.topicArn(topicArn).message(body).messageAttributes(Map.of("type",
                MessageAttributeValue.builder().dataType("String").stringValue(type).build())));
    }

    @Test
    void kinesisStreamIsActiveWithItsShards() {
        StreamDescriptionSummary stream = cloud.kinesis.describeStreamSummary(b -> b.streamName("FerryData-event-log"))
                .streamDescriptionSummary();
        assertThat(stream.streamStatusAsString()).isEqualTo("ACTIVE");
        assertThat(stream.openShardCount()).isEqualTo(2);
        assertThat(deployment.outputs()).containsEntry("FerryData.EventLogName", "FerryData-event-log");
    }

    @Test
    void workflowFunctionsAreCollectedButNotCdkLogRetentionProvider() {
        assertThat(deployment.functions()).extracting(FunctionSpec::handler).containsExactlyInAnyOrder(
                "dev.ferry.functions.payments.OrderPlacedHandler", "dev.ferry.functions.relay.OutboxRelayHandler",
                "dev.ferry.functions.analytics.AnalyticsHandler", "dev.ferry.functions.telemetry.TelemetryHandler",
                "dev.ferry.functions.orders.OrdersApiHandler");
        assertThat(result.summary().skipped().get(StackProvisioner.PROVIDER_FUNCTION))
                .containsExactly("FerryApp/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A");
    }

    @Test
    void functionHasItsSettingsCodeAssetAndEnvironmentWithRealNamesUrlsAndArns() {
        FunctionSpec payments = deployment.functions().stream()
                .filter(f -> f.logicalId().equals("PaymentsConsumer8C9D0E1F")).findFirst().orElseThrow();
        assertThat(payments.functionName()).matches("FerryApp-PaymentsConsumer8C9D0E1F-[A-Z0-9]{12}");
        assertThat(payments.arn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:" + payments.functionName());
        assertThat(payments.runtime()).isEqualTo("java21");
        assertThat(payments.memoryMb()).isEqualTo(1024);
        assertThat(payments.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(payments.reservedConcurrency()).isEqualTo(OptionalInt.of(5));
        assertThat(payments.code()).isEqualTo(assembly.resolve(JAR).toAbsolutePath().normalize());
        assertThat(Files.isRegularFile(payments.code())).isTrue();
        assertThat(payments.environment())
                .containsEntry("ORDERS_TABLE", ordersTableName())
                .containsEntry("DEAD_LETTER_QUEUE_URL", queueUrl("payments-order-placed-dlq"))
                .containsEntry("TELEMETRY_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:telemetry")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        assertThat(payments.async()).isEqualTo(AsyncInvokeConfig.defaults());
    }

    @Test
    void functionWithoutAssetMetadataFindsItsCodeThroughTheAssetManifest() {
        FunctionSpec relay = function("ferry-outbox-relay");
        assertThat(relay.code()).isEqualTo(assembly.resolve(JAR).toAbsolutePath().normalize());
        assertThat(relay.environment()).containsEntry("EVENT_LOG_STREAM_NAME", "FerryData-event-log");
        assertThat(relay.memoryMb()).isEqualTo(512);
    }

    @Test
    void sqsMappingHasItsBatchSettingsAndTheRealQueueArn() {
        EventSourceMappingSpec sqs = mapping(SourceKind.SQS);
        assertThat(sqs.functionArn()).isEqualTo(deployment.functions().stream()
                .filter(f -> f.logicalId().equals("PaymentsConsumer8C9D0E1F")).findFirst().orElseThrow().arn());
        assertThat(sqs.eventSourceArn()).isEqualTo(queueArn("payments-order-placed"));
        assertThat(sqs.batchSize()).isEqualTo(10);
        assertThat(sqs.maximumBatchingWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(sqs.reportBatchItemFailures()).isTrue();
        assertThat(sqs.enabled()).isTrue();
        assertThat(sqs.startingPosition()).isEmpty();
    }

    @Test
    void dynamoDbStreamMappingPointsAtTheTablesStreamWithRetriesBisectAndOnFailureDestination() {
        EventSourceMappingSpec outbox = mapping(SourceKind.DYNAMODB_STREAMS);
        String streamArn = cloud.dynamoDb.describeTable(b -> b.tableName(ordersTableName())).table().latestStreamArn();
        assertThat(outbox.eventSourceArn()).isEqualTo(streamArn);
        assertThat(outbox.functionArn()).isEqualTo(function("ferry-outbox-relay").arn());
        assertThat(outbox.startingPosition()).contains(StartingPosition.TRIM_HORIZON);
        assertThat(outbox.batchSize()).isEqualTo(100);
        assertThat(outbox.bisectBatchOnFunctionError()).isTrue();
        assertThat(outbox.maximumRetryAttempts()).isEqualTo(OptionalInt.of(3));
        assertThat(outbox.maximumRecordAge()).contains(Duration.ofHours(1));
        assertThat(outbox.onFailureDestinationArn()).contains(queueArn("stream-failures"));
        assertThat(outbox.filterPatterns()).containsExactly("{\"dynamodb\":{\"NewImage\":{\"id\":{\"S\":[{\"prefix\":\"outbox#\"}]}}}}");
        assertThat(outbox.reportBatchItemFailures()).isTrue();
    }

    @Test
    void kinesisMappingPointsAtTheStreamArnAndRetriesForeverByDefault() {
        EventSourceMappingSpec analytics = mapping(SourceKind.KINESIS);
        String streamArn = cloud.kinesis.describeStreamSummary(b -> b.streamName("FerryData-event-log"))
                .streamDescriptionSummary().streamARN();
        assertThat(analytics.eventSourceArn()).isEqualTo(streamArn);
        assertThat(analytics.functionArn()).isEqualTo(function("ferry-analytics").arn());
        assertThat(analytics.parallelizationFactor()).isEqualTo(2);
        assertThat(analytics.maximumRetryAttempts()).isEmpty();
        assertThat(analytics.maximumRecordAge()).isEmpty();
        assertThat(analytics.maximumConcurrency()).isEqualTo(OptionalInt.of(4));
        assertThat(analytics.bisectBatchOnFunctionError()).isFalse();
        assertThat(analytics.onFailureDestinationArn()).isEmpty();
    }

    @Test
    void lambdaSubscriptionIsCreatedOnTheTopicAndHandedToTheRuntimeWithItsAsyncConfig() {
        FunctionSpec telemetry = function("ferry-telemetry");
        assertThat(deployment.snsSubscriptions()).singleElement().satisfies(subscription -> {
            assertThat(subscription.topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:telemetry");
            assertThat(subscription.functionArn()).isEqualTo(telemetry.arn());
            assertThat(cloud.sns.listSubscriptionsByTopic(b -> b.topicArn(subscription.topicArn())).subscriptions())
                    .anySatisfy(s -> {
                        assertThat(s.subscriptionArn()).isEqualTo(subscription.subscriptionArn());
                        assertThat(s.protocol()).isEqualTo("lambda");
                    });
        });
        assertThat(telemetry.async()).isEqualTo(new AsyncInvokeConfig(0, Duration.ofSeconds(60), Optional.empty(), Optional.empty()));
        assertThat(telemetry.memoryMb()).isEqualTo(256);
    }

    @Test
    void restApiRoutesHaveFullPathsMethodsFunctionsAndValidatedHeaders() {
        String ordersApi = function("ferry-orders-api").arn();
        assertThat(deployment.apis()).singleElement().satisfies(api -> {
            assertThat(api.name()).isEqualTo("ferry-api");
            assertThat(api.stageName()).isEqualTo("v1");
            assertThat(api.restApiId()).matches("[a-z0-9]{10}");
            assertThat(api.routes()).containsExactly(
                    new ApiRoute("POST", "/orders", ordersApi, List.of("Idempotency-Key")),
                    new ApiRoute("GET", "/orders/{id}", ordersApi, List.of()));
        });
    }

    @Test
    void outputsAreResolvedWithTheApiIdAndStage() {
        ApiSpec api = deployment.apis().getFirst();
        assertThat(deployment.outputs()).containsEntry("FerryApp.FerryApiEndpoint7A8B9C0D",
                "https://" + api.restApiId() + ".execute-api.us-east-1.amazonaws.com/v1/");
        assertThat(deployment.outputs()).containsEntry("FerryApp.TelemetryTopicArn", "arn:aws:sns:us-east-1:000000000000:telemetry");
    }

    @Test
    void typesWithNoLocalMeaningAreListedOnceByTypeAsSkipped() {
        Map<String, List<String>> skipped = result.summary().skipped();
        assertThat(skipped).containsOnlyKeys("AWS::CDK::Metadata", "AWS::IAM::Role", "AWS::IAM::Policy",
                "AWS::SQS::QueuePolicy", "AWS::Lambda::Permission", "AWS::ApiGateway::Account", "AWS::CloudWatch::Alarm",
                "Custom::LogRetention", "AWS::ApiGateway::Method (MOCK integration)", StackProvisioner.PROVIDER_FUNCTION);
        assertThat(skipped.get("AWS::IAM::Role")).hasSize(7).contains("FerryApp/FerryApiCloudWatchRole6A7B8C9D");
        assertThat(skipped.get("AWS::CDK::Metadata")).containsExactly("FerryData/CDKMetadata", "FerryApp/CDKMetadata");
        assertThat(skipped.get("AWS::ApiGateway::Method (MOCK integration)")).containsExactly("FerryApp/FerryApiordersOPTIONS0A1B2C3D");
        String rendered = result.summary().render();
        assertThat(rendered.lines().filter(l -> l.contains("AWS::IAM::Role"))).hasSize(1);
        assertThat(rendered).contains("AWS::SQS::Queue").contains("queue encryption");
    }

    @Test
    void dataPlaneResourcesAreReportedInStackOrderAsCreated() {
        assertThat(result.summary().resources()).extracting(ProvisionedResource::type).containsOnly(
                "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::Kinesis::Stream");
        assertThat(result.summary().resources()).hasSize(2 + 5 + 2 + 2 + 1);
        assertThat(result.summary().resources()).allMatch(r -> r.outcome() == ProvisionedResource.Outcome.CREATED);
        assertThat(result.summary().resources().getFirst().stackName()).isEqualTo("FerryData");
        assertThat(result.summary().resources().getLast().stackName()).isEqualTo("FerryApp");
    }

    @Test
    void provisioningAgainOntoTheSameEndpointsReusesEverythingAndYieldsTheSameDeployment() {
        ProvisionResult again = Provisioner.provision(assembly, cloud.endpoints());
        assertThat(again.deployment()).isEqualTo(deployment);
        assertThat(again.summary().resources()).allMatch(r -> r.outcome() == ProvisionedResource.Outcome.REUSED);
        assertThat(again.summary().resources()).extracting(ProvisionedResource::physicalId)
                .containsExactlyElementsOf(result.summary().resources().stream().map(ProvisionedResource::physicalId).toList());
        assertThat(cloud.sns.listSubscriptionsByTopic(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:telemetry"))
                .subscriptions()).hasSize(1);
        assertThat(deployment.snsSubscriptions()).extracting(SnsLambdaSubscription::topicArn).hasSize(1);
    }
}
