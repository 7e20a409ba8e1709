package dev.ferry.functions.shaded;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.aws.AwsClients;
import dev.ferry.functions.analytics.AnalyticsHandler;
import dev.ferry.functions.analytics.AnalyticsTable;
import dev.ferry.functions.analytics.Replay;
import dev.ferry.functions.analytics.ReplayRun;
import dev.ferry.functions.analytics.StartPosition;
import dev.ferry.functions.api.ApiPriming;
import dev.ferry.functions.audit.AuditHandler;
import dev.ferry.functions.audit.TracesApiHandler;
import dev.ferry.functions.notifications.EmailTaskHandler;
import dev.ferry.functions.orders.OrdersApiHandler;
import dev.ferry.functions.orders.PaymentOutcomeHandler;
import dev.ferry.functions.payments.AccountsApiHandler;
import dev.ferry.functions.payments.DepositWorkerHandler;
import dev.ferry.functions.payments.OrderPlacedHandler;
import dev.ferry.functions.relay.OutboxRelayHandler;
import dev.ferry.functions.relay.OutboxSweeperHandler;
import dev.ferry.functions.telemetry.TelemetryHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Runs the whole order-to-cash workflow with the handlers of the shaded jar, in a JVM whose class path is that
 * jar (plus this class): what Lambda would load. The environment (endpoints, tables, queues, topics, stream)
 * comes from {@code ShadedJarIT}; the relay and the event source mappings are played by this driver, which
 * reads the tables, queues and stream with the jar's own clients. Exits non-zero on the first surprise.
 */
public final class WorkflowDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> env;
    private final AwsClients aws;
    private final Set<String> relayed = new HashSet<>();
    private final OutboxRelayHandler relay;

    private WorkflowDriver(Map<String, String> env) {
        this.env = env;
        this.aws = AwsClients.fromEnvironment(env);
        this.relay = new OutboxRelayHandler(env);
    }

    public static void main(String[] args) throws Exception {
        new WorkflowDriver(new HashMap<>(System.getenv())).run();
        System.out.println("WORKFLOW OK");
        System.exit(0);
    }

    private void run() throws Exception {
        clientsAsInAws();
        AccountsApiHandler accounts = new AccountsApiHandler(env);
        OrdersApiHandler orders = new OrdersApiHandler(env);
        // SnapStart: the hooks Lambda calls around the snapshot, from the jar, before the handlers serve the workflow.
        for (ApiPriming priming : List.of(accounts.snapStartPriming(), orders.snapStartPriming(), new TracesApiHandler(env).snapStartPriming())) {
            ApiPriming.Report report = priming.prime();
            expect(!report.statuses().isEmpty() && report.statuses().stream().allMatch(status -> status < 500), "priming: " + report);
            priming.beforeCheckpoint(null);
            priming.afterRestore(null);
            System.out.println("primed " + report);
        }

        APIGatewayProxyResponseEvent opened = accounts.handleRequest(post("/accounts",
                "{\"owner\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"currency\":\"USD\"}"), context("AccountsApi"));
        expect(opened.getStatusCode() == 201, "POST /accounts: " + opened.getStatusCode() + " " + opened.getBody());
        String accountId = JSON.readTree(opened.getBody()).path("id").asText();

        APIGatewayProxyResponseEvent deposited = accounts.handleRequest(post("/accounts/" + accountId + "/deposits",
                "{\"amount\":\"100.00\",\"currency\":\"USD\"}"), context("AccountsApi"));
        expect(deposited.getStatusCode() == 202, "POST deposits: " + deposited.getStatusCode() + " " + deposited.getBody());
        SQSBatchResponse depositBatch = new DepositWorkerHandler(env).handleRequest(sqsEvent(receive("ACCOUNT_COMMANDS_QUEUE_URL", 1)), context("DepositWorker"));
        expect(depositBatch.getBatchItemFailures().isEmpty(), "deposit failed");

        APIGatewayProxyResponseEvent placed = orders.handleRequest(post("/orders",
                "{\"accountId\":\"" + accountId + "\",\"amount\":\"30.00\",\"currency\":\"USD\"}"), context("OrdersApi"));
        expect(placed.getStatusCode() == 202, "POST /orders: " + placed.getStatusCode() + " " + placed.getBody());
        String orderId = JSON.readTree(placed.getBody()).path("id").asText();
        String correlationId = placed.getHeaders().get("X-Correlation-Id");

        relayOutbox("ACCOUNTS_OUTBOX_TABLE");
        relayOutbox("ORDERS_OUTBOX_TABLE");
        expect(new OrderPlacedHandler(env).handleRequest(sqsEvent(receive("PAYMENTS_QUEUE_URL", 1)), context("PaymentsConsumer"))
                .getBatchItemFailures().isEmpty(), "payment failed");
        relayOutbox("ACCOUNTS_OUTBOX_TABLE");
        expect(new PaymentOutcomeHandler(env).handleRequest(sqsEvent(receive("OUTCOMES_QUEUE_URL", 1)), context("OrdersConsumer"))
                .getBatchItemFailures().isEmpty(), "order outcome failed");
        relayOutbox("ORDERS_OUTBOX_TABLE");
        expect(new EmailTaskHandler(env).handleRequest(sqsEvent(receive("EMAILS_QUEUE_URL", 2)), context("Notifications"))
                .getBatchItemFailures().isEmpty(), "emails failed");

        APIGatewayProxyResponseEvent order = orders.handleRequest(get("/orders/" + orderId), context("OrdersApi"));
        expect(JSON.readTree(order.getBody()).path("status").asText().equals("CONFIRMED"), "order not confirmed: " + order.getBody());
        APIGatewayProxyResponseEvent account = accounts.handleRequest(get("/accounts/" + accountId), context("AccountsApi"));
        expect(JSON.readTree(account.getBody()).path("balance").asText().equals("70.00"), "balance: " + account.getBody());
        expect(aws.dynamoDb().scan(b -> b.tableName(env.get("NOTIFICATIONS_TABLE"))).count() == 2, "two emails expected");

        List<KinesisEvent> shards = readEventLog();
        AnalyticsHandler analytics = new AnalyticsHandler(env);
        AuditHandler audit = new AuditHandler(env);
        int records = 0;
        for (KinesisEvent shard : shards) {
            records += shard.getRecords().size();
            expect(analytics.handleRequest(shard, context("Analytics")).getBatchItemFailures().isEmpty(), "analytics failed");
            StreamsEventResponse audited = audit.handleRequest(shard, context("Audit"));
            expect(audited.getBatchItemFailures().isEmpty(), "audit failed");
        }
        expect(records == 5, "event-log should hold 5 events, has " + records);

        APIGatewayProxyResponseEvent trace = new TracesApiHandler(env).handleRequest(get("/traces/" + correlationId), context("TracesApi"));
        List<String> types = new ArrayList<>();
        JSON.readTree(trace.getBody()).path("events").forEach(e -> types.add(e.path("type").asText()));
        expect(types.equals(List.of("dev.ferry.orders.OrderPlaced.v1", "dev.ferry.payments.PaymentSucceeded.v1", "dev.ferry.orders.OrderConfirmed.v1")),
                "trace: " + trace.getBody());

        TelemetryHandler telemetry = new TelemetryHandler(env);
        telemetry.handleRequest(snsEvent(receive("TELEMETRY_QUEUE_URL", 6)), context("Telemetry"));
        expect(telemetry.counts().get("dev.ferry.telemetry.RequestServed.v1") == 6, "telemetry: " + telemetry.counts().snapshot());

        ReplayRun.Report replay = Replay.run(aws, env.get("EVENT_LOG_STREAM_NAME"), env.get("REPLAY_TABLE"), env.get("IDEMPOTENCY_TABLE"),
                new StartPosition.TrimHorizon());
        expect(replay.records() == 5 && replay.projected() == 5, "replay: " + replay);
        Map<String, Map<String, String>> live = new AnalyticsTable(aws.dynamoDb(), env.get("ANALYTICS_TABLE")).snapshot();
        Map<String, Map<String, String>> rebuilt = new AnalyticsTable(aws.dynamoDb(), env.get("REPLAY_TABLE")).snapshot();
        expect(!live.isEmpty() && live.equals(rebuilt), "replay disagrees: live " + live + " replay " + rebuilt);
        System.out.println("analytics " + live);
        String swept = new OutboxSweeperHandler(env).handleRequest(Map.of(), context("OutboxSweeper"));
        expect(swept.startsWith("swept 0 subject(s)"), "nothing is left for the sweeper: " + swept);
    }

    /**
     * Every client as the functions build it in AWS (a region, no endpoint override), signing a request that an
     * interceptor stops before it is sent: the endpoint rules, signing and each protocol's marshalling (JSON for
     * DynamoDB and SQS, query for SNS, CBOR for Kinesis) work from the jar as cut, without the SDK's service metadata.
     */
    private static void clientsAsInAws() {
        List<String> sent = new ArrayList<>();
        ExecutionInterceptor stop = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SdkHttpRequest request = context.httpRequest();
                expect(request.firstMatchingHeader("Authorization").orElse("").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
                        "signed: " + request.headers());
                sent.add(request.method() + " " + request.getUri());
                throw new IllegalStateException("stopped before sending");
            }
        };
        Map<String, String> aws = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret");
        // This JVM's environment names the local endpoints (AWS_ENDPOINT_URL_*), which the SDK reads by itself too.
        System.setProperty("aws.ignoreConfiguredEndpointUrls", "true");
        try (AwsClients clients = AwsClients.fromEnvironment(aws, List.of(stop))) {
            List<Runnable> calls = List.of(
                    () -> clients.dynamoDb().getItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("o-1")))),
                    () -> clients.sqs().sendMessage(b -> b.queueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/q").messageBody("{}")),
                    () -> clients.sns().publish(b -> b.topicArn("arn:aws:sns:eu-west-1:123456789012:t").message("{}")),
                    () -> clients.kinesis().putRecord(b -> b.streamName("event-log").partitionKey("k").data(SdkBytes.fromUtf8String("{}"))));
            for (Runnable call : calls) {
                try {
                    call.run();
                    expect(false, "a request was sent");
                } catch (IllegalStateException stopped) {
                    expect(stopped.getMessage().equals("stopped before sending"), String.valueOf(stopped));
                }
            }
        }
        System.clearProperty("aws.ignoreConfiguredEndpointUrls");
        expect(sent.equals(List.of("POST https://dynamodb.eu-west-1.amazonaws.com/", "POST https://sqs.eu-west-1.amazonaws.com/",
                "POST https://sns.eu-west-1.amazonaws.com", "POST https://kinesis.eu-west-1.amazonaws.com/")), "endpoints: " + sent);
        System.out.println("clients as in AWS: " + sent);
    }

    /** The stream and the relay's event source mapping: every outbox record not relayed yet, in key order. */
    private void relayOutbox(String tableVariable) {
        String table = env.get(tableVariable);
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Map<String, AttributeValue> item : aws.dynamoDb().scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            if (relayed.add(item.get("subject").s() + "/" + item.get("sequence").s())) {
                Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image = new HashMap<>();
                item.forEach((name, value) -> image.put(name, value.n() != null
                        ? new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withN(value.n())
                        : new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS(value.s())));
                StreamRecord stream = new StreamRecord();
                stream.setNewImage(image);
                stream.setKeys(Map.of("subject", image.get("subject"), "sequence", image.get("sequence")));
                stream.setSequenceNumber(Long.toString(1000 + relayed.size()));
                DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
                record.setEventID(UUID.randomUUID().toString());
                record.setEventName("INSERT");
                record.setEventSourceARN("arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/stream/2026-12-06T00:00:00.000");
                record.setDynamodb(stream);
                records.add(record);
            }
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        StreamsEventResponse response = relay.handleRequest(event, context("OutboxRelay"));
        expect(response.getBatchItemFailures().isEmpty(), "relay failed for " + tableVariable);
        expect(aws.dynamoDb().scan(b -> b.tableName(table).consistentRead(true)).count() == 0,
                "the relay deletes what it published, yet " + table + " still holds records");
    }

    private List<Message> receive(String queueVariable, int expected) throws InterruptedException {
        List<Message> messages = new ArrayList<>();
        String url = env.get(queueVariable);
        for (int round = 0; round < 20 && messages.size() < expected; round++) {
            messages.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages());
        }
        expect(messages.size() == expected, queueVariable + ": expected " + expected + " messages, got " + messages.size());
        for (Message m : messages) {
            aws.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        return messages;
    }

    private List<KinesisEvent> readEventLog() {
        String stream = env.get("EVENT_LOG_STREAM_NAME");
        List<KinesisEvent> events = new ArrayList<>();
        for (Shard shard : aws.kinesis().listShards(b -> b.streamName(stream)).shards()) {
            String iterator = aws.kinesis().getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
            for (Record r : aws.kinesis().getRecords(b -> b.shardIterator(iterator)).records()) {
                KinesisEvent.Record data = new KinesisEvent.Record();
                data.setData(ByteBuffer.wrap(r.data().asByteArray()));
                data.setSequenceNumber(r.sequenceNumber());
                data.setPartitionKey(r.partitionKey());
                KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
                record.setKinesis(data);
                record.setEventID(shard.shardId() + ":" + r.sequenceNumber());
                records.add(record);
            }
            KinesisEvent event = new KinesisEvent();
            event.setRecords(records);
            events.add(event);
        }
        return events;
    }

    private static SQSEvent sqsEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setBody(m.body());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((k, v) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(v.dataType());
                a.setStringValue(v.stringValue());
                messageAttributes.put(k, a);
            });
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The telemetry topic delivers to Lambda; here its messages come through a queue subscribed with raw delivery. */
    private static SNSEvent snsEvent(List<Message> messages) {
        List<SNSEvent.SNSRecord> records = new ArrayList<>();
        for (Message m : messages) {
            SNSEvent.SNS sns = new SNSEvent.SNS();
            sns.setMessage(m.body());
            sns.setMessageId(m.messageId());
            SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
            record.setSns(sns);
            records.add(record);
        }
        SNSEvent event = new SNSEvent();
        event.setRecords(records);
        return event;
    }

    private static APIGatewayProxyRequestEvent post(String path, String body) {
        return request("POST", path, body, Map.of("Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString()));
    }

    private static APIGatewayProxyRequestEvent get(String path) {
        return request("GET", path, null, Map.of());
    }

    private static APIGatewayProxyRequestEvent request(String method, String path, String body, Map<String, String> headers) {
        APIGatewayProxyRequestEvent.ProxyRequestContext requestContext = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        requestContext.setRequestId(UUID.randomUUID().toString());
        return new APIGatewayProxyRequestEvent().withHttpMethod(method).withPath(path).withResource(path)
                .withHeaders(new HashMap<>(headers)).withBody(body).withRequestContext(requestContext);
    }

    private static Context context(String function) {
        return (Context) Proxy.newProxyInstance(WorkflowDriver.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFunctionName" -> function;
                    case "getAwsRequestId" -> UUID.randomUUID().toString();
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 512;
                    default -> null;
                });
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
