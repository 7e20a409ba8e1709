package dev.ferry.local.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import dev.ferry.local.deployment.GatewayResponseSpec;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.apigateway.ApiGatewayServer;
import dev.ferry.local.lambda.FunctionInvoker;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real Ferry app as synthesized by the {@code infra} module (stage dev; a stand-in functions jar), kept as a
 * fixture in src/test/resources/provision/ferry-app, provisioned onto the embedded data plane. Checks the
 * resources and wiring docs/architecture.md names.
 */
class FerryAssemblyProvisioningTest {

    private static LocalCloud cloud;
    private static ProvisionResult result;
    private static Deployment deployment;

    @BeforeAll
    static void provision() {
        cloud = new LocalCloud();
        result = Provisioner.provision(LocalCloud.fixture("ferry-app"), cloud.endpoints());
        deployment = result.deployment();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static FunctionSpec function(String name) {
        return deployment.functions().stream().filter(f -> f.functionName().equals("dev-" + name)).findFirst().orElseThrow();
    }

    private static String queueArn(String name) {
        String url = cloud.sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        return cloud.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings().get("QueueArn");
    }

    private static String queueUrl(String name) {
        return cloud.sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static List<EventSourceMappingSpec> mappingsOf(String function) {
        String arn = function(function).arn();
        return deployment.eventSourceMappings().stream().filter(m -> m.functionArn().equals(arn)).toList();
    }

    @Test
    void theSixTablesExistAndOrdersAndAccountsStreamNewImages() {
        assertThat(cloud.dynamoDb.listTables().tableNames()).containsExactlyInAnyOrder("dev-orders", "dev-accounts",
                "dev-idempotency", "dev-notifications", "dev-analytics", "dev-audit");
        for (String table : List.of("dev-orders", "dev-accounts")) {
            var description = cloud.dynamoDb.describeTable(b -> b.tableName(table)).table();
            assertThat(description.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
            assertThat(cloud.dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName())
                    .isEqualTo("expiresAt");
        }
        assertThat(cloud.dynamoDb.describeTable(b -> b.tableName("dev-audit")).table().keySchema())
                .extracting(k -> k.attributeName()).containsExactly("correlationId", "position");
    }

    @Test
    void queuesWithTheirDeadLetterQueuesTopicsAndTheEventLogExist() {
        assertThat(cloud.sqs.listQueues().queueUrls()).extracting(u -> u.substring(u.lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("dev-payments-order-placed", "dev-payments-order-placed-dlq",
                        "dev-orders-payment-outcomes", "dev-orders-payment-outcomes-dlq", "dev-notifications-emails",
                        "dev-notifications-emails-dlq", "dev-account-commands.fifo", "dev-account-commands-dlq.fifo",
                        "dev-stream-failures");
        for (String queue : List.of("dev-payments-order-placed", "dev-orders-payment-outcomes", "dev-notifications-emails")) {
            String redrive = cloud.sqs.getQueueAttributes(b -> b.queueUrl(queueUrl(queue))
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributesAsStrings().get("RedrivePolicy");
            assertThat(redrive).contains(queueArn(queue + "-dlq"));
        }
        assertThat(cloud.sns.listTopics().topics()).extracting(t -> t.topicArn()).containsExactlyInAnyOrder(
                "arn:aws:sns:us-east-1:000000000000:dev-domain-events", "arn:aws:sns:us-east-1:000000000000:dev-telemetry");
        assertThat(cloud.kinesis.describeStreamSummary(b -> b.streamName("dev-event-log")).streamDescriptionSummary()
                .openShardCount()).isEqualTo(2);
    }

    @Test
    void domainEventsFanOutToThreeRawFilteredQueueSubscriptions() {
        var subscriptions = cloud.sns.listSubscriptionsByTopic(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:dev-domain-events"))
                .subscriptions();
        assertThat(subscriptions).extracting(s -> s.endpoint()).containsExactlyInAnyOrder(
                queueArn("dev-payments-order-placed"), queueArn("dev-orders-payment-outcomes"), queueArn("dev-notifications-emails"));
        for (var subscription : subscriptions) {
            Map<String, String> attributes = cloud.sns.getSubscriptionAttributes(b -> b.subscriptionArn(subscription.subscriptionArn()))
                    .attributes();
            assertThat(attributes).containsEntry("RawMessageDelivery", "true");
            assertThat(attributes.get("FilterPolicy")).contains("dev.ferry.");
        }
    }

    @Test
    void theElevenWorkflowFunctionsRunFromTheFunctionsJarWithTheirEnvironment() {
        assertThat(deployment.functions()).extracting(FunctionSpec::functionName).containsExactlyInAnyOrder(
                "dev-OrdersApi", "dev-AccountsApi", "dev-TracesApi", "dev-DepositWorker", "dev-PaymentsConsumer",
                "dev-OrdersConsumer", "dev-Notifications", "dev-Analytics", "dev-Audit", "dev-Telemetry", "dev-OutboxRelay");
        assertThat(deployment.functions()).allSatisfy(f -> {
            assertThat(f.code().getFileName().toString()).startsWith("asset.").endsWith(".jar");
            assertThat(f.runtime()).isEqualTo("java21");
        });
        assertThat(function("OrdersApi").environment()).containsEntry("ORDERS_TABLE", "dev-orders")
                .containsEntry("IDEMPOTENCY_TABLE", "dev-idempotency")
                .containsEntry("TELEMETRY_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:dev-telemetry");
        assertThat(function("AccountsApi").environment())
                .containsEntry("ACCOUNT_COMMANDS_QUEUE_URL", queueUrl("dev-account-commands.fifo"));
        assertThat(function("PaymentsConsumer").environment())
                .containsEntry("DEAD_LETTER_QUEUE_URL", queueUrl("dev-payments-order-placed-dlq"));
        assertThat(function("OutboxRelay").environment())
                .containsEntry("DOMAIN_EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:dev-domain-events")
                .containsEntry("EVENT_LOG_STREAM_NAME", "dev-event-log");
    }

    @Test
    void sqsConsumersPollTheirQueuesReportingBatchItemFailures() {
        Map<String, String> queueByFunction = Map.of("DepositWorker", "dev-account-commands.fifo",
                "PaymentsConsumer", "dev-payments-order-placed", "OrdersConsumer", "dev-orders-payment-outcomes",
                "Notifications", "dev-notifications-emails");
        queueByFunction.forEach((function, queue) -> assertThat(mappingsOf(function)).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(SourceKind.SQS);
            assertThat(m.eventSourceArn()).isEqualTo(queueArn(queue));
            assertThat(m.batchSize()).isEqualTo(10);
            assertThat(m.reportBatchItemFailures()).isTrue();
        }));
        for (String windowed : List.of("PaymentsConsumer", "OrdersConsumer")) {
            assertThat(mappingsOf(windowed).getFirst().maximumBatchingWindow()).isEqualTo(java.time.Duration.ofSeconds(1));
        }
    }

    @Test
    void streamConsumersHaveBisectRetriesRecordAgeAndTheStreamFailuresDestination() {
        String eventLog = cloud.kinesis.describeStreamSummary(b -> b.streamName("dev-event-log")).streamDescriptionSummary().streamARN();
        for (String function : List.of("Analytics", "Audit")) {
            assertThat(mappingsOf(function)).singleElement().satisfies(m -> {
                assertThat(m.kind()).isEqualTo(SourceKind.KINESIS);
                assertThat(m.eventSourceArn()).isEqualTo(eventLog);
                assertThat(m.batchSize()).isEqualTo(100);
            });
        }
        assertThat(mappingsOf("OutboxRelay")).extracting(EventSourceMappingSpec::eventSourceArn).containsExactlyInAnyOrder(
                cloud.dynamoDb.describeTable(b -> b.tableName("dev-orders")).table().latestStreamArn(),
                cloud.dynamoDb.describeTable(b -> b.tableName("dev-accounts")).table().latestStreamArn());
        assertThat(mappingsOf("OutboxRelay")).allSatisfy(m -> assertThat(m.filterPatterns()).hasSize(1));
        assertThat(deployment.eventSourceMappings()).filteredOn(m -> m.kind() != SourceKind.SQS).hasSize(4).allSatisfy(m -> {
            assertThat(m.startingPosition()).contains(EventSourceMappingSpec.StartingPosition.TRIM_HORIZON);
            assertThat(m.bisectBatchOnFunctionError()).isTrue();
            assertThat(m.maximumRetryAttempts()).isPresent();
            assertThat(m.maximumRecordAge()).isPresent();
            assertThat(m.onFailureDestinationArn()).contains(queueArn("dev-stream-failures"));
        });
    }

    @Test
    void telemetryIsSubscribedAsALambdaWithNoRetries() {
        assertThat(deployment.snsSubscriptions()).singleElement().satisfies(s -> {
            assertThat(s.topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:dev-telemetry");
            assertThat(s.functionArn()).isEqualTo(function("Telemetry").arn());
        });
        assertThat(function("Telemetry").async().maximumRetryAttempts()).isZero();
        assertThat(function("Telemetry").async().onFailureDestinationArn()).isEmpty();
    }

    @Test
    void theApiServesTheSixRoutesOfTheContract() {
        assertThat(deployment.apis()).singleElement().satisfies(api -> {
            assertThat(api.stageName()).isEqualTo("dev");
            assertThat(api.routes()).extracting(r -> r.httpMethod() + " " + r.resourcePath()).containsExactlyInAnyOrder(
                    "POST /orders", "GET /orders/{id}", "POST /accounts", "GET /accounts/{id}",
                    "POST /accounts/{id}/deposits", "GET /traces/{correlationId}");
            assertThat(api.routes()).filteredOn(r -> r.httpMethod().equals("POST"))
                    .allSatisfy(r -> assertThat(r.requiredHeaders()).containsExactly("Idempotency-Key"));
            assertThat(api.routes()).filteredOn(r -> r.httpMethod().equals("GET"))
                    .allSatisfy(r -> assertThat(r.requiredHeaders()).isEmpty());
            assertThat(api.routes()).filteredOn(r -> r.resourcePath().startsWith("/orders"))
                    .extracting(ApiRoute::functionArn).containsOnly(function("OrdersApi").arn());
            assertThat(api.routes()).filteredOn(r -> r.resourcePath().startsWith("/accounts"))
                    .extracting(ApiRoute::functionArn).containsOnly(function("AccountsApi").arn());
        });
    }

    @Test
    void theApiAnswersItsOwnErrorsAsProblemDetailsFromTheTemplatesGatewayResponses() {
        ApiSpec api = deployment.apis().getFirst();
        assertThat(api.gatewayResponses()).extracting(GatewayResponseSpec::responseType)
                .containsExactlyInAnyOrder("BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX");
        assertThat(api.gatewayResponses()).allSatisfy(r -> assertThat(r.responseParameters())
                .containsEntry("gatewayresponse.header.Content-Type", "'application/problem+json'"));
        assertThat(api.gatewayResponses()).filteredOn(r -> r.responseType().equals("BAD_REQUEST_PARAMETERS")).singleElement()
                .satisfies(r -> {
                    assertThat(r.statusCode()).contains("400");
                    assertThat(r.responseTemplates()).containsOnlyKeys("application/json");
                    assertThat(r.responseTemplates().get("application/json")).contains("$context.error.validationErrorString");
                });
        assertThat(api.gatewayResponses()).filteredOn(r -> r.responseType().startsWith("DEFAULT_"))
                .allSatisfy(r -> assertThat(r.statusCode()).isEmpty());
    }

    @Test
    void theSynthesizedApiAnswersUnknownRoutesMissingKeysAndNonObjectBodiesAsProblemDetails() throws Exception {
        ApiSpec api = deployment.apis().getFirst();
        // The stand-in functions jar cannot run: every answer here is the front's own, before any function.
        FunctionInvoker noFunction = new FunctionInvoker() {
            @Override
            public InvokeResult invoke(String functionArn, byte[] payload, InvocationSource source) {
                throw new AssertionError("no function should run, but " + functionArn + " was invoked");
            }

            @Override
            public String functionName(String functionArn) {
                return functionArn;
            }
        };
        HttpClient http = HttpClient.newHttpClient();
        try (ApiGatewayServer server = ApiGatewayServer.start(api, noFunction)) {
            String stage = server.stageUrl().toString();
            Map<HttpRequest, String> expected = Map.of(
                    HttpRequest.newBuilder(URI.create(stage + "/nowhere")).GET().build(),
                    "{\"type\":\"about:blank\",\"title\":\"MISSING_AUTHENTICATION_TOKEN\",\"detail\":\"Missing Authentication Token\"}",
                    HttpRequest.newBuilder(URI.create(stage + "/orders")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                            + "\"detail\":\"Missing required request parameters: [Idempotency-Key]\"}",
                    HttpRequest.newBuilder(URI.create(stage + "/accounts/a-1/deposits")).header("Idempotency-Key", "k-1")
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"The body must be a JSON object.\"}");
            for (Map.Entry<HttpRequest, String> e : expected.entrySet()) {
                HttpResponse<String> r = http.send(e.getKey(), HttpResponse.BodyHandlers.ofString());

                assertThat(r.body()).as(e.getKey().uri().getPath()).isEqualTo(e.getValue());
                assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(r.statusCode()).isEqualTo(e.getValue().contains("MISSING_AUTHENTICATION_TOKEN") ? 403 : 400);
            }
        }
    }

    @Test
    void postBodiesAreValidatedAgainstTheJsonObjectModelAndGetsAreNot() {
        ApiSpec api = deployment.apis().getFirst();
        assertThat(api.routes()).filteredOn(r -> r.httpMethod().equals("POST")).allSatisfy(r -> {
            assertThat(r.requestModels()).containsOnlyKeys("application/json");
            assertThat(r.requestModels().get("application/json")).contains("\"type\":\"object\"");
        });
        assertThat(api.routes()).filteredOn(r -> r.httpMethod().equals("GET"))
                .allSatisfy(r -> assertThat(r.requestModels()).isEmpty());
    }

    @Test
    void summaryListsEachSkippedTypeOnce() {
        assertThat(result.summary().skipped()).containsKeys("AWS::IAM::Role", "AWS::CloudWatch::Alarm",
                "AWS::CloudWatch::Dashboard", "AWS::Logs::LogGroup", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy",
                "AWS::Lambda::Permission").doesNotContainKeys("AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::Model");
        assertThat(result.summary().skipped().get("AWS::CloudWatch::Alarm")).hasSize(31);
        assertThat(result.summary().render().lines().filter(l -> l.contains("AWS::CloudWatch::Alarm")))
                .containsExactly("  AWS::CloudWatch::Alarm               31 skipped (no local meaning)");
    }
}
