package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every consumer remembers its idempotency keys at least as long as its input can come back, computed here
 * from the synthesized templates alone (not from the code that sets the lifetime), for every stage.
 */
class RedeliveryHorizonTest {

    /** SQS's default MessageRetentionPeriod, when a queue does not state one. */
    private static final long SQS_DEFAULT_RETENTION = 4 * 86_400;
    /** SNS retries delivery to SQS for 23 days: https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html */
    private static final long SNS_TO_SQS_RETRIES = 23 * 86_400;
    private static final long KINESIS_DEFAULT_RETENTION = 24 * 3_600;
    private static final long API_KEYS = 86_400;

    @Test
    void everyConsumerRemembersItsKeysForAtLeastItsSourcesRedeliveryHorizonInDev() {
        check(new Templates(TestApps.dev()));
    }

    @Test
    void everyConsumerRemembersItsKeysForAtLeastItsSourcesRedeliveryHorizonInProd() {
        check(new Templates(TestApps.prod()));
    }

    @SuppressWarnings("unchecked")
    private static void check(Templates templates) {
        List<Resource> mappings = templates.resources("AWS::Lambda::EventSourceMapping");
        int checked = 0;
        for (Resource function : templates.resources("AWS::Lambda::Function")) {
            Map<String, Object> environment = (Map<String, Object>) function.property("Environment.Variables").orElse(Map.of());
            if (!environment.containsKey("IDEMPOTENCY_TABLE")) {
                continue;
            }
            String name = function.string("FunctionName");
            assertThat(environment).as(name + " keeps idempotency keys, so it must say for how long").containsKey("IDEMPOTENCY_TTL_SECONDS");
            long lifetime = Long.parseLong(String.valueOf(environment.get("IDEMPOTENCY_TTL_SECONDS")));
            long horizon = API_KEYS;
            for (Resource mapping : mappings) {
                Resource target = templates.requireReferenced(mapping.stackName(), mapping.require("FunctionName"));
                if (!target.logicalId().equals(function.logicalId()) || !target.stackName().equals(function.stackName())) {
                    continue;
                }
                Resource source = templates.requireReferenced(mapping.stackName(), mapping.require("EventSourceArn"));
                horizon = Math.max(horizon, switch (source.type()) {
                    case "AWS::SQS::Queue" -> queueHorizon(templates, source);
                    case "AWS::Kinesis::Stream" -> source.property("RetentionPeriodHours")
                            .map(h -> ((Number) h).longValue() * 3_600).orElse(KINESIS_DEFAULT_RETENTION);
                    default -> throw new AssertionError(name + " reads " + source.type() + ", which this test does not know");
                });
            }
            assertThat(lifetime).as(name + ": keys must outlive every way its input can come back").isGreaterThanOrEqualTo(horizon);
            checked++;
        }
        assertThat(checked).as("the API functions and every effectively-once consumer").isEqualTo(7);
    }

    /** Received until the queue's retention ends; then the DLQ's retention; one redrive makes it new again. */
    private static long queueHorizon(Templates templates, Resource queue) {
        long retention = retention(queue);
        Resource deadLetters = templates.requireReferenced(queue.stackName(), queue.require("RedrivePolicy.deadLetterTargetArn"));
        long horizon = 2 * retention + retention(deadLetters);
        boolean fedBySns = templates.resources("AWS::SNS::Subscription").stream()
                .filter(s -> s.string("Protocol").equals("sqs"))
                .map(s -> templates.requireReferenced(s.stackName(), s.require("Endpoint")))
                .anyMatch(endpoint -> endpoint.logicalId().equals(queue.logicalId()) && endpoint.stackName().equals(queue.stackName()));
        return horizon + (fedBySns ? SNS_TO_SQS_RETRIES : 0);
    }

    private static long retention(Resource queue) {
        return queue.property("MessageRetentionPeriod").map(v -> ((Number) v).longValue()).orElse(SQS_DEFAULT_RETENTION);
    }
}
