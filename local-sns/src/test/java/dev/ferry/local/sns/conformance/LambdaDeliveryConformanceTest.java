package dev.ferry.local.sns.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.sns.SnsService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Delivery to subscribers of protocol lambda through the callbacks the local Lambda runtime registers. */
@ExtendWith(ConformanceEnvironment.Resolver.class)
class LambdaDeliveryConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConformanceEnvironment env;
    private final SnsClient sns;
    private SnsService service;

    LambdaDeliveryConformanceTest(ConformanceEnvironment env) {
        this.env = env;
        this.sns = env.sns;
    }

    @BeforeEach
    void needsTheEmbeddedEmulator() {
        assumeTrue(env.embedded().isPresent(), "Lambda callbacks exist only in the embedded emulator");
        service = env.embedded().get();
    }

    private static String functionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + ConformanceEnvironment.unique("fn");
    }

    // AWS: https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html (SNS invokes the function asynchronously with an event
    //   holding the message and its metadata)
    // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionLambda::test_python_lambda_subscribe_sns_topic
    //   (the "Sns" record: Type "Notification", MessageId, TopicArn, Subject, Message, SigningCertUrl, UnsubscribeUrl, MessageAttributes),
    //   TestSNSSubscriptionLambda::test_sns_topic_as_lambda_dead_letter_queue (the whole event: EventSource "aws:sns", EventVersion "1.0",
    //   EventSubscriptionArn, Sns)
    // Ferry's choice: the event reaches the function through the callback the local Lambda runtime registers, not an Invoke
    //   call; the test runs only against the embedded emulator
    @Test
    void registeredFunctionReceivesTheSnsEventRecord() throws Exception {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("telemetry"))).topicArn();
        String function = functionArn();
        List<String> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable registration = service.registerLambda(function, events::add)) {
            String subscriptionArn = sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(function))
                    .subscriptionArn();

            String messageId = sns.publish(r -> r.topicArn(topicArn).message("cpu=93").subject("metric")
                    .messageAttributes(Map.of("host", MessageAttributeValue.builder().dataType("String")
                            .stringValue("web-1").build()))).messageId();

            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
            JsonNode record = JSON.readTree(events.get(0)).path("Records").get(0);
            assertThat(record.path("EventSource").asText()).isEqualTo("aws:sns");
            assertThat(record.path("EventVersion").asText()).isEqualTo("1.0");
            assertThat(record.path("EventSubscriptionArn").asText()).isEqualTo(subscriptionArn);
            JsonNode notification = record.path("Sns");
            assertThat(notification.path("Type").asText()).isEqualTo("Notification");
            assertThat(notification.path("MessageId").asText()).isEqualTo(messageId);
            assertThat(notification.path("TopicArn").asText()).isEqualTo(topicArn);
            assertThat(notification.path("Subject").asText()).isEqualTo("metric");
            assertThat(notification.path("Message").asText()).isEqualTo("cpu=93");
            assertThat(notification.has("SigningCertUrl")).isTrue();
            assertThat(notification.has("UnsubscribeUrl")).isTrue();
            assertThat(notification.path("MessageAttributes").path("host").path("Value").asText()).isEqualTo("web-1");
        }
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_RequestParameters (MessageStructure json: "You can
    //   define other top-level keys that define the message you want to send to a specific transport protocol")
    // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionLambda::test_sns_topic_as_lambda_dead_letter_queue
    //   (a publish without Subject reaches the function with "Subject": null)
    // Ferry's choice: the key for lambda subscriptions is the protocol name "lambda"; the API reference names only "http" as
    //   an example and no recording of a "lambda" key is known
    @Test
    void lambdaSeesItsOwnEntryOfAJsonMessageStructureAndNullSubject() throws Exception {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("structured"))).topicArn();
        String function = functionArn();
        List<String> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable registration = service.registerLambda(function, events::add)) {
            sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(function));

            sns.publish(r -> r.topicArn(topicArn).messageStructure("json")
                    .message("{\"default\":\"d\",\"lambda\":\"for functions\"}"));

            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
            JsonNode notification = JSON.readTree(events.get(0)).path("Records").get(0).path("Sns");
            assertThat(notification.path("Message").asText()).isEqualTo("for functions");
            assertThat(notification.path("Subject").isNull()).isTrue();
        }
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/dg/message-filtering.html (a filter policy is a property of the subscription,
    //   whatever its protocol); https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering-scope.html (MessageBody "Applies the filter
    //   policy to the message body")
    @Test
    void filterPolicyAppliesToLambdaSubscriptions() throws Exception {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("filtered"))).topicArn();
        String function = functionArn();
        List<String> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable registration = service.registerLambda(function, events::add)) {
            sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(function)
                    .attributes(Map.of("FilterPolicyScope", "MessageBody", "FilterPolicy", "{\"level\":[\"error\"]}")));

            sns.publish(r -> r.topicArn(topicArn).message("{\"level\":\"info\"}"));
            sns.publish(r -> r.topicArn(topicArn).message("{\"level\":\"error\"}"));
            env.settle();

            assertThat(events).hasSize(1);
            assertThat(events.get(0)).contains("error");
        }
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html ("When the delivery policy is exhausted,
    //   Amazon SNS stops retrying the delivery and discards the message—unless a dead-letter queue is attached to the subscription";
    //   AWS Lambda is an AWS managed endpoint); https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
    // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionLambda::test_redrive_policy_lambda_subscription
    //   (the dead-lettered body is the notification envelope: Type, MessageId, Message, MessageAttributes)
    // Ferry's choice: a throwing callback stands for an Invoke that Lambda did not accept (throttled), the one case SNS retries;
    //   errors of the function itself belong to Lambda's asynchronous handling, not to SNS (test_sns_topic_as_lambda_dead_letter_queue
    //   records them reaching the function's own DLQ). The emulator makes 3 attempts 50 ms apart instead of AWS's 100,015 over
    //   23 days (docs/sns-emulator.md); the counter is the emulator's own
    @Test
    void failingInvocationIsRetriedThenDeadLettered() throws Exception {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("flaky"))).topicArn();
        ConformanceEnvironment.Queue dlq = env.createQueue(ConformanceEnvironment.unique("dlq"));
        String function = functionArn();
        AtomicInteger attempts = new AtomicInteger();
        try (AutoCloseable registration = service.registerLambda(function, event -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("throttled");
        })) {
            sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(function)
                    .attributes(Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}")));
            long deadLetteredBefore = service.counters().deadLettered();

            String messageId = sns.publish(r -> r.topicArn(topicArn).message("lost?")).messageId();

            List<Message> deadLetters = env.receive(dlq, 1);
            assertThat(deadLetters).hasSize(1);
            JsonNode envelope = JSON.readTree(deadLetters.get(0).body());
            assertThat(envelope.path("MessageId").asText()).isEqualTo(messageId);
            assertThat(envelope.path("Message").asText()).isEqualTo("lost?");
            assertThat(attempts.get()).isEqualTo(3);
            // The counter moves once the dead-letter queue accepted the copy, which a busy machine lets the test see first.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(service.counters().deadLettered()).isGreaterThan(deadLetteredBefore));
        }
    }

    // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html ("discards the message—unless a dead-letter
    //   queue is attached to the subscription"); https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html (delivery "fails
    //   when Amazon SNS can't access a subscribed endpoint due to a client-side or server-side error")
    // Recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json TestSNSSubscriptionLambda::test_redrive_policy_lambda_subscription
    //   (a deleted function with a RedrivePolicy: the message lands in the dead-letter queue, so without one it is lost)
    // AWS: https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html (a deleted endpoint is a client-side error,
    //   which SNS does not retry)
    // Ferry's choice: an unregistered function stands for a deleted one; the dropped and retries counters are the emulator's own
    @Test
    void unregisteredFunctionWithoutRedrivePolicyLosesTheMessageAndCountsIt() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("nobody-home"))).topicArn();
        String function = functionArn();
        sns.subscribe(r -> r.topicArn(topicArn).protocol("lambda").endpoint(function));
        long droppedBefore = service.counters().dropped();
        long retriesBefore = service.counters().retries();

        sns.publish(r -> r.topicArn(topicArn).message("into the void"));
        env.settle();

        assertThat(service.counters().dropped()).isEqualTo(droppedBefore + 1);
        assertThat(service.counters().retries()).as("a missing function is not retried").isEqualTo(retriesBefore);
    }
}
