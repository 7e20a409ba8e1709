package dev.ferry.functions.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.functions.events.AccountOpened;
import dev.ferry.functions.events.DepositRequested;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.testing.ApiCall;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.functions.testing.Messages;
import dev.ferry.functions.testing.TestContext;
import dev.ferry.http.Caller;
import dev.ferry.http.IdempotentEndpoint;
import dev.ferry.local.sqs.SqsService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** AccountsApi against the local DynamoDB and SQS (ElasticMQ, FIFO), the deposit finished by DepositWorker. */
class AccountsApiHandlerTest {

    private static LocalTables tables;
    private static SqsService sqsService;
    private static SqsClient sqs;
    private static String queueUrl;
    private static AccountsApiHandler api;
    private static DepositWorkerHandler worker;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        sqsService = SqsService.start();
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(sqsService.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("account-commands.fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
        Map<String, String> env = new HashMap<>(tables.environment());
        env.put("AWS_ENDPOINT_URL_SQS", sqsService.endpoint().toString());
        env.put("ACCOUNT_COMMANDS_QUEUE_URL", queueUrl);
        api = new AccountsApiHandler(env);
        worker = new DepositWorkerHandler(env);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        sqsService.close();
        tables.close();
    }

    private static APIGatewayProxyResponseEvent call(ApiCall call) {
        return api.handleRequest(call.event(), TestContext.of("AccountsApi"));
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) throws Exception {
        return EnvelopeCodec.mapper().readTree(response.getBody());
    }

    private static String open(String currency) throws Exception {
        APIGatewayProxyResponseEvent response = call(ApiCall.post("/accounts").key(UUID.randomUUID().toString())
                .body("{\"owner\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"currency\":\"" + currency + "\"}"));
        assertThat(response.getStatusCode()).isEqualTo(201);
        return json(response).path("id").asText();
    }

    /** SendMessage has returned before the API answered, so a short poll sees whatever was queued. */
    private static List<Message> receiveAll() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
    }

    @Test
    void openingAnAccountAnswers201WithLocationAndEmitsAccountOpened() throws Exception {
        APIGatewayProxyResponseEvent response = call(ApiCall.post("/accounts").key(UUID.randomUUID().toString())
                .body("{\"owner\":\"Grace Hopper\",\"email\":\"grace@example.com\",\"currency\":\"EUR\"}"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        String id = json(response).path("id").asText();
        assertThat(response.getHeaders()).containsEntry("Location", "/accounts/" + id);
        assertThat(json(response).path("balance").asText()).isEqualTo("0.00");
        assertThat(tables.outbox("accounts", Events.ACCOUNT_OPENED).stream().map(r -> Events.codec().decode(r.get("envelope").s()).data()))
                .contains(new AccountOpened(id, "Grace Hopper", "grace@example.com", "EUR"));

        APIGatewayProxyResponseEvent got = call(ApiCall.get("/accounts/" + id));
        assertThat(got.getStatusCode()).isEqualTo(200);
        assertThat(json(got).path("owner").asText()).isEqualTo("Grace Hopper");
    }

    @Test
    void invalidAccountsAreRefusedWithTheFieldNamed() throws Exception {
        int accounts = tables.count("accounts");
        APIGatewayProxyResponseEvent badEmail = call(ApiCall.post("/accounts").key(UUID.randomUUID().toString())
                .body("{\"owner\":\"Ada\",\"email\":\"not-an-address\",\"currency\":\"USD\"}"));
        APIGatewayProxyResponseEvent badCurrency = call(ApiCall.post("/accounts").key(UUID.randomUUID().toString())
                .body("{\"owner\":\"Ada\",\"email\":\"ada@example.com\",\"currency\":\"QQQ\"}"));
        APIGatewayProxyResponseEvent balanceGiven = call(ApiCall.post("/accounts").key(UUID.randomUUID().toString())
                .body("{\"owner\":\"Ada\",\"email\":\"ada@example.com\",\"currency\":\"USD\",\"balance\":\"1000000.00\"}"));

        assertThat(json(badEmail).path("detail").asText()).contains("'email'");
        assertThat(json(badCurrency).path("detail").asText()).contains("'currency'");
        assertThat(json(balanceGiven).path("detail").asText()).contains("Unknown field 'balance'");
        assertThat(List.of(badEmail.getStatusCode(), badCurrency.getStatusCode(), balanceGiven.getStatusCode())).containsOnly(400);
        assertThat(tables.count("accounts")).isEqualTo(accounts);
    }

    @Test
    void depositAnswers202QueuesOneCommandPerKeyAndTheWorkerAppliesIt() throws Exception {
        String id = open("USD");
        String key = UUID.randomUUID().toString();
        ApiCall deposit = ApiCall.post("/accounts/" + id + "/deposits").key(key).body("{\"amount\":\"50.00\",\"currency\":\"USD\"}");

        APIGatewayProxyResponseEvent first = call(deposit);
        APIGatewayProxyResponseEvent repeat = call(deposit);

        String depositId = DepositCommands.depositId(id, IdempotentEndpoint.callerScoped(Caller.anonymous(), key));
        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(first.getHeaders()).containsEntry("Location", "/accounts/" + id + "/deposits/" + depositId);
        assertThat(repeat.getBody()).isEqualTo(first.getBody());
        assertThat(repeat.getHeaders()).containsEntry("Idempotent-Replayed", "true")
                .as("the replay names the first request's conversation").containsEntry("X-Correlation-Id", first.getHeaders().get("X-Correlation-Id"));
        JsonNode pending = json(call(ApiCall.get(first.getHeaders().get("Location"))));
        assertThat(pending.path("status").asText()).isEqualTo("PENDING");
        assertThat(pending.path("amount").asText()).isEqualTo("50.00");
        List<Message> queued = receiveAll();
        assertThat(queued).hasSize(1);
        Message command = queued.get(0);
        assertThat(command.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, id)
                .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, depositId);
        assertThat(Events.codec().decode(command.body(), DepositRequested.class).data()).isEqualTo(new DepositRequested(depositId, id, "50.00", "USD"));
        assertThat(command.messageAttributes().get("correlationid").stringValue()).isEqualTo(first.getHeaders().get("X-Correlation-Id"));

        SQSEvent.SQSMessage delivered = Messages.fifoMessage(command.body(), id, depositId);
        delivered.setMessageId(command.messageId());
        assertThat(worker.handleRequest(Messages.batch(List.of(delivered)), TestContext.of("DepositWorker")).getBatchItemFailures()).isEmpty();
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(command.receiptHandle()));

        assertThat(json(call(ApiCall.get("/accounts/" + id))).path("balance").asText()).isEqualTo("50.00");
        JsonNode applied = json(call(ApiCall.get(first.getHeaders().get("Location"))));
        assertThat(applied.path("status").asText()).isEqualTo("APPLIED");
        assertThat(applied.path("balanceAfter").asText()).isEqualTo("50.00");
    }

    @Test
    void aDepositThatCouldNeverBeAppliedIsRefusedUpFrontAndQueuesNothing() throws Exception {
        String id = open("USD");
        tables.client().updateItem(b -> b.tableName(tables.name("accounts")).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET balance = :b").expressionAttributeValues(Map.of(":b", AttributeValue.fromN("999999999990"))));

        APIGatewayProxyResponseEvent response = call(ApiCall.post("/accounts/" + id + "/deposits")
                .key(UUID.randomUUID().toString()).body("{\"amount\":\"20.00\",\"currency\":\"USD\"}"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).path("detail").asText()).contains("largest balance");
        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void aRepeatOfAnAcceptedDepositIsReplayedEvenWhenTodaysBalanceWouldRefuseIt() throws Exception {
        String id = open("USD");
        tables.client().updateItem(b -> b.tableName(tables.name("accounts")).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET balance = :b").expressionAttributeValues(Map.of(":b", AttributeValue.fromN("999999999900"))));
        ApiCall deposit = ApiCall.post("/accounts/" + id + "/deposits").key(UUID.randomUUID().toString())
                .body("{\"amount\":\"60.00\",\"currency\":\"USD\"}");
        APIGatewayProxyResponseEvent first = call(deposit);
        receiveAll().forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        // Meanwhile the balance grew: the same deposit would be refused now, but it was accepted then.
        tables.client().updateItem(b -> b.tableName(tables.name("accounts")).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET balance = :b").expressionAttributeValues(Map.of(":b", AttributeValue.fromN("999999999990"))));

        APIGatewayProxyResponseEvent repeat = call(deposit);

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(repeat.getStatusCode()).isEqualTo(202);
        assertThat(repeat.getHeaders()).containsEntry("Idempotent-Replayed", "true");
        assertThat(repeat.getBody()).isEqualTo(first.getBody());
        assertThat(receiveAll()).as("nothing queued again").isEmpty();
    }

    @Test
    void aDepositStatusIsFoundOnlyUnderItsOwnAccount() throws Exception {
        String id = open("USD");
        String other = open("USD");
        APIGatewayProxyResponseEvent accepted = call(ApiCall.post("/accounts/" + id + "/deposits")
                .key(UUID.randomUUID().toString()).body("{\"amount\":\"5.00\",\"currency\":\"USD\"}"));
        String depositId = accepted.getHeaders().get("Location").substring(accepted.getHeaders().get("Location").lastIndexOf('/') + 1);
        receiveAll().forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));

        assertThat(call(ApiCall.get("/accounts/" + other + "/deposits/" + depositId)).getStatusCode()).isEqualTo(404);
        assertThat(call(ApiCall.get("/accounts/" + id + "/deposits/" + UUID.randomUUID())).getStatusCode()).isEqualTo(404);
    }

    @Test
    void depositToAnUnknownAccountIsNotFoundAndWritesNothing() throws Exception {
        int keys = tables.count("idempotency");
        APIGatewayProxyResponseEvent response = call(ApiCall.post("/accounts/" + UUID.randomUUID() + "/deposits")
                .key(UUID.randomUUID().toString()).body("{\"amount\":\"5.00\",\"currency\":\"USD\"}"));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(tables.count("idempotency")).isEqualTo(keys);
        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void depositInAnotherCurrencyIsUnprocessable() throws Exception {
        String id = open("JPY");
        APIGatewayProxyResponseEvent response = call(ApiCall.post("/accounts/" + id + "/deposits")
                .key(UUID.randomUUID().toString()).body("{\"amount\":\"5.00\",\"currency\":\"USD\"}"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).path("detail").asText()).contains("holds JPY");
        assertThat(receiveAll()).isEmpty();
    }

    @Test
    void depositWithoutIdempotencyKeyIsRejectedAndQueuesNothing() throws Exception {
        String id = open("USD");
        APIGatewayProxyResponseEvent response = call(ApiCall.post("/accounts/" + id + "/deposits").body("{\"amount\":\"5.00\",\"currency\":\"USD\"}"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(receiveAll()).isEmpty();
    }
}
