package dev.ferry.batch;

import static dev.ferry.batch.SqsEvents.event;
import static dev.ferry.batch.SqsEvents.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.correlation.Correlation;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.envelope.EventTypes;
import dev.ferry.idempotency.FlakyStore;
import dev.ferry.idempotency.InMemoryIdempotencyStore;
import dev.ferry.testing.TestLambdaContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqsBatchConsumerTest {

    private final List<String> handled = new ArrayList<>();
    private final RecordingDeadLetters dlq = new RecordingDeadLetters();
    private final TestLambdaContext lambda = TestLambdaContext.of("worker");

    /** Fails bodies starting with "fail", rejects "poison", throws on "boom", else succeeds. */
    private final MessageHandler<SQSEvent.SQSMessage> handler = m -> {
        handled.add(m.getMessageId());
        if (m.getBody().startsWith("fail")) {
            return Outcome.retry("downstream unavailable");
        }
        if (m.getBody().equals("poison")) {
            return Outcome.reject("amount is negative");
        }
        if (m.getBody().equals("boom")) {
            throw new IllegalStateException("bug");
        }
        return Outcome.done();
    };

    @Test
    void fifoFailureFailsOnlyTheRestOfItsOwnGroup() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("payments"), handler);
        SQSBatchResponse response = consumer.handle(event(
                message("a1", "ok", "A", 1),
                message("b1", "ok", "B", 1),
                message("a2", "fail", "A", 1),
                message("b2", "ok", "B", 1),
                message("a3", "ok", "A", 1),
                message("c1", "ok", "C", 1)), lambda);
        assertThat(failures(response)).containsExactly("a2", "a3");
        assertThat(handled).as("a3 is never run after a2 failed").containsExactly("a1", "b1", "a2", "b2", "c1");
    }

    @Test
    void standardQueueMessagesSettleIndependently() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs"), handler);
        SQSBatchResponse response = consumer.handle(event(message("1", "ok"), message("2", "fail"), message("3", "boom"), message("4", "ok")), lambda);
        assertThat(failures(response)).containsExactly("2", "3");
        assertThat(handled).containsExactly("1", "2", "3", "4");
    }

    @Test
    void atMostOnceNeverReportsAFailure() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atMostOnce("telemetry"), handler);
        SQSBatchResponse response = consumer.handle(event(message("1", "fail"), message("2", "boom"), message("3", "poison")), lambda);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly("1", "2", "3");
    }

    @Test
    void rejectedMessageIsDeadLetteredWithItsReasonAndNotRetried() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs").withDeadLetters(dlq), handler);
        SQSBatchResponse response = consumer.handle(event(message("1", "poison")), lambda);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(dlq.letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("amount is negative");
            assertThat(letter.sourceId()).isEqualTo("1");
            assertThat(letter.consumer()).isEqualTo("jobs");
            assertThat(letter.body()).isEqualTo("poison");
        });
    }

    @Test
    void retriedMessageIsDeadLetteredAtItsLastAttempt() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs").withDeadLetters(dlq).withMaxAttempts(3), handler);
        assertThat(failures(consumer.handle(event(message("1", "fail", null, 2)), lambda))).containsExactly("1");
        assertThat(dlq.letters).isEmpty();
        assertThat(consumer.handle(event(message("1", "fail", null, 3)), lambda).getBatchItemFailures()).isEmpty();
        assertThat(dlq.letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).contains("downstream unavailable", "after 3 attempts");
            assertThat(letter.attempts()).isEqualTo(3);
        });
    }

    @Test
    void withoutADeadLetterDestinationARejectIsReportedSoTheRedrivePolicyTakesIt() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs"), handler);
        assertThat(failures(consumer.handle(event(message("1", "poison")), lambda))).containsExactly("1");
    }

    @Test
    void unreachableDeadLetterDestinationNeverDropsTheMessage() {
        dlq.down = true;
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs").withDeadLetters(dlq), handler);
        assertThat(failures(consumer.handle(event(message("1", "poison")), lambda))).containsExactly("1");
    }

    @Test
    void poisonInAFifoGroupIsDeadLetteredAndTheGroupGoesOn() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("payments").withDeadLetters(dlq), handler);
        SQSBatchResponse response = consumer.handle(event(message("a1", "poison", "A", 1), message("a2", "ok", "A", 1)), lambda);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly("a1", "a2");
        assertThat(dlq.letters).singleElement().satisfies(l -> assertThat(l.groupId()).contains("A"));
    }

    @Test
    void effectivelyOnceSkipsARedeliveredEnvelopeEvenInANewMessage() {
        record Deposit(String account, int amount) {
        }
        EnvelopeCodec codec = new EnvelopeCodec(EventTypes.builder().register("com.ferry.payments.DepositRequested.v1", Deposit.class).build());
        String body = codec.encode(Envelope.of("/ferry/payments", "com.ferry.payments.DepositRequested.v1", "acc-1", new Deposit("acc-1", 50)));
        List<Integer> applied = new ArrayList<>();
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.effectivelyOnce("deposits", new InMemoryIdempotencyStore()),
                EnvelopeHandlers.sqs(codec, Deposit.class, e -> {
                    applied.add(e.data().amount());
                    return Outcome.done();
                }));
        consumer.handle(event(message("m-1", body), message("m-2", body)), lambda);
        consumer.handle(event(message("m-3", body)), lambda);
        assertThat(applied).containsExactly(50);
    }

    @Test
    void effectivelyOnceRunsAFailedMessageAgainOnItsRetry() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        List<String> attempts = new ArrayList<>();
        boolean[] fail = {true};
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.effectivelyOnce("jobs", store), m -> {
            attempts.add(m.getMessageId());
            return fail[0] ? Outcome.retry("not yet") : Outcome.done();
        });
        assertThat(failures(consumer.handle(event(message("m-1", "x")), lambda))).containsExactly("m-1");
        fail[0] = false;
        assertThat(consumer.handle(event(message("m-1", "x")), lambda).getBatchItemFailures()).isEmpty();
        assertThat(consumer.handle(event(message("m-1", "x")), lambda).getBatchItemFailures()).isEmpty();
        assertThat(attempts).containsExactly("m-1", "m-1");
    }

    @Test
    void effectivelyOnceAcknowledgesAHandledMessageWhoseCompletionIsThrottled() {
        // Real DynamoDB throttling, after the SDK gave up, for every completion write of this batch.
        FlakyStore store = new FlakyStore(new InMemoryIdempotencyStore()).failCompletions(Integer.MAX_VALUE);
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.effectivelyOnce("jobs", store), handler);
        assertThat(consumer.handle(event(message("m-1", "ok")), lambda).getBatchItemFailures())
                .as("the effect happened: redelivering the message would run it again").isEmpty();
        assertThat(handled).containsExactly("m-1");
    }

    @Test
    void effectivelyOnceRetriesAMessageWhoseKeyCannotBeClaimedWithoutRunningIt() {
        FlakyStore store = new FlakyStore(new InMemoryIdempotencyStore()).failClaims(1);
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.effectivelyOnce("jobs", store), handler);
        assertThat(failures(consumer.handle(event(message("m-1", "ok")), lambda))).containsExactly("m-1");
        assertThat(handled).isEmpty();
    }

    @Test
    void malformedEnvelopeIsRejectedWithTheAttributeNamed() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs").withDeadLetters(dlq),
                EnvelopeHandlers.sqs(EnvelopeCodec.untyped(), Object.class, e -> Outcome.done()));
        consumer.handle(event(message("1", "{\"specversion\":\"1.0\"}")), lambda);
        assertThat(dlq.letters).singleElement().satisfies(l -> assertThat(l.reason()).contains("malformed envelope", "'datacontenttype'"));
    }

    @Test
    void handlerSeesTheMessagesCorrelation() {
        List<String> seen = new ArrayList<>();
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"evt-5\",\"correlationid\":\"corr-5\"}";
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs"), m -> {
            seen.add(Correlation.current().correlationId() + "/" + Correlation.current().causationId().orElse(""));
            return Outcome.done();
        });
        consumer.handle(event(message("1", envelope)), lambda);
        assertThat(seen).containsExactly("corr-5/evt-5");
        assertThat(Correlation.peek()).isEmpty();
    }

    @Test
    void messagesNotStartedBeforeTheTimeReserveAreReportedForRedelivery() {
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atMostOnce("telemetry").withTimeReserve(java.time.Duration.ofSeconds(2)), handler);
        var response = consumer.handle(event(message("1", "ok"), message("2", "ok")), new TestLambdaContext("telemetry", "r", 1_500));
        assertThat(failures(response)).containsExactly("1", "2");
        assertThat(handled).isEmpty();
    }

    @Test
    void batchMetricsAreOneEmfLineCountingOutcomesWithTheirConversations() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        var emf = new dev.ferry.metrics.EmfMetrics("Ferry", java.util.Map.of("service", "jobs"),
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), java.time.Clock.systemUTC());
        SqsBatchConsumer consumer = new SqsBatchConsumer(ConsumerSettings.atLeastOnce("jobs").withMetrics(emf), handler);
        String a = "{\"specversion\":\"1.0\",\"id\":\"e-a\",\"correlationid\":\"corr-a\"}";
        String b = "fail {\"correlationid\":\"x\"}";
        consumer.handle(event(message("1", a), message("2", b), message("3", a)), lambda);
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(doc.get("MessagesProcessed").asInt()).isEqualTo(2);
        assertThat(doc.get("MessagesRetried").asInt()).isEqualTo(1);
        assertThat(doc.get("function").asText()).as("the invocation is still open at flush").isEqualTo("worker");
        assertThat(doc.get("correlationIds")).hasSize(2);
    }

    @Test
    void effectivelyOnceWithoutAStoreIsRefusedAtConstruction() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConsumerSettings("x", DeliverySemantics.EFFECTIVELY_ONCE, Optional.empty(),
                Optional.empty(), 5, Optional.empty(), ConsumerSettings.DEFAULT_TIME_RESERVE)).hasMessageContaining("effectivelyOnce(name, store)");
    }

    static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
