package dev.ferry.functions.shaded;

import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.RequestServed;
import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The workflow's twelve functions as the CDK app deploys them (handler, memory, timeout; infra's FunctionsStack), each
 * with its code in one jar, and a first event of the shape Lambda sends each: an API request, an empty SQS, Kinesis or
 * DynamoDB Streams batch, an SNS notification (whose {@code Timestamp} aws-lambda-java-serialization parses with the
 * function's joda-time), a scheduled event. Run through the local Lambda runtime, each event goes through the same
 * serializers as on Lambda.
 */
final class ShadedFunctions {

    record Function(String name, String handler, int memoryMb, Duration timeout, String firstEvent) {
        String arn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
        }
    }

    private ShadedFunctions() {
    }

    static List<Function> all() {
        String unknown = "00000000-0000-4000-8000-000000000000";
        return List.of(
                api("OrdersApi", "dev.ferry.functions.orders.OrdersApiHandler", "/orders/" + unknown),
                api("AccountsApi", "dev.ferry.functions.payments.AccountsApiHandler", "/accounts/" + unknown),
                api("TracesApi", "dev.ferry.functions.audit.TracesApiHandler", "/traces/first-event-" + unknown),
                new Function("DepositWorker", "dev.ferry.functions.payments.DepositWorkerHandler", 1024, Duration.ofSeconds(30), "{\"Records\":[]}"),
                new Function("PaymentsConsumer", "dev.ferry.functions.payments.OrderPlacedHandler", 1024, Duration.ofSeconds(30), "{\"Records\":[]}"),
                new Function("OrdersConsumer", "dev.ferry.functions.orders.PaymentOutcomeHandler", 1024, Duration.ofSeconds(30), "{\"Records\":[]}"),
                new Function("Notifications", "dev.ferry.functions.notifications.EmailTaskHandler", 1024, Duration.ofSeconds(30), "{\"Records\":[]}"),
                new Function("Analytics", "dev.ferry.functions.analytics.AnalyticsHandler", 1024, Duration.ofSeconds(60), "{\"Records\":[]}"),
                new Function("Audit", "dev.ferry.functions.audit.AuditHandler", 1024, Duration.ofSeconds(60), "{\"Records\":[]}"),
                new Function("OutboxRelay", "dev.ferry.functions.relay.OutboxRelayHandler", 1024, Duration.ofSeconds(60), "{\"Records\":[]}"),
                new Function("OutboxSweeper", "dev.ferry.functions.relay.OutboxSweeperHandler", 1024, Duration.ofSeconds(60), scheduledEvent()),
                new Function("Telemetry", "dev.ferry.functions.telemetry.TelemetryHandler", 512, Duration.ofSeconds(10), snsEvent()));
    }

    /** A runtime running every function from {@code jar} with {@code environment}; nothing is initialised yet. */
    static LambdaRuntime runtime(Path jar, Map<String, String> environment, PrintStream log) {
        List<FunctionSpec> specs = all().stream().map(f -> new FunctionSpec(f.name(), f.name(), f.arn(), f.handler(), "java21", jar,
                f.memoryMb(), f.timeout(), environment, OptionalInt.empty(), AsyncInvokeConfig.defaults())).toList();
        Map<String, String> endpoints = environment.entrySet().stream().filter(e -> e.getKey().startsWith("AWS_ENDPOINT_URL"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return LambdaRuntime.builder(new Deployment(specs, List.of(), List.of(), List.of(), Map.of())).endpoints(endpoints)
                .faults(FaultPlan.none()).settings(RuntimeSettings.defaults().withLog(log)).start();
    }

    private static Function api(String name, String handler, String path) {
        String event = """
                {"resource":"%s","path":"%s","httpMethod":"GET","headers":{"Accept":"application/json"},
                 "multiValueHeaders":{"Accept":["application/json"]},"queryStringParameters":null,"pathParameters":null,
                 "requestContext":{"requestId":"%s","stage":"dev","httpMethod":"GET","path":"/dev%s",
                   "identity":{"sourceIp":"127.0.0.1","caller":"AROAEXAMPLE:first-event","userArn":"arn:aws:sts::000000000000:assumed-role/ops/first-event"}},
                 "body":null,"isBase64Encoded":false}""".formatted(path, path, UUID.randomUUID(), path);
        return new Function(name, handler, 1024, Duration.ofSeconds(10), event);
    }

    private static String scheduledEvent() {
        return """
                {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000",
                 "time":"2026-12-07T01:00:00Z","region":"us-east-1","resources":["arn:aws:events:us-east-1:000000000000:rule/outbox-sweep"],"detail":{}}"""
                .formatted(UUID.randomUUID());
    }

    /** One RequestServed notification as SNS hands it to Lambda, with its Timestamp. */
    private static String snsEvent() {
        String message = Events.codec().encode(Envelope.of(Events.TELEMETRY_SOURCE, Events.REQUEST_SERVED, "OrdersApi",
                new RequestServed("OrdersApi", "GET /orders/{id}", 404, 12)));
        String quoted = com.fasterxml.jackson.databind.node.TextNode.valueOf(message).toString();
        return """
                {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",
                  "EventSubscriptionArn":"arn:aws:sns:us-east-1:000000000000:telemetry:%s",
                  "Sns":{"Type":"Notification","MessageId":"%s","TopicArn":"arn:aws:sns:us-east-1:000000000000:telemetry",
                    "Subject":null,"Message":%s,"Timestamp":"2026-12-07T01:00:00.123Z","SignatureVersion":"1","Signature":"EXAMPLE",
                    "SigningCertUrl":"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem",
                    "UnsubscribeUrl":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
                    "MessageAttributes":{"type":{"Type":"String","Value":"dev.ferry.telemetry.RequestServed.v1"}}}}]}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), quoted);
    }
}
