package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

@ExtendWith(SqsTarget.Extension.class)
class LongPollingAndDelayTest {

    private final SqsClient sqs;
    private final Queues queues;

    LongPollingAndDelayTest(SqsTarget target) {
        this.sqs = target.client();
        this.queues = new Queues(target);
    }

    @Test
    void longPollReturnsAsSoonAsAMessageArrives() throws Exception {
        String url = queues.standard("long-poll");
        long start = System.nanoTime();
        CompletableFuture<List<Message>> poll = CompletableFuture.supplyAsync(
                () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(10)).messages());

        Thread.sleep(300);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("wake up"));

        assertThat(poll.get(8, TimeUnit.SECONDS)).extracting(Message::body).containsExactly("wake up");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void longPollOnAnEmptyQueueWaitsOutItsWaitTime() {
        String url = queues.standard("long-poll-empty");
        long start = System.nanoTime();

        List<Message> none = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();

        assertThat(none).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void queueReceiveWaitTimeMakesEveryReceiveALongPoll() {
        String url = queues.standard("long-poll-default", Map.of(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "1"));
        long start = System.nanoTime();

        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void delayedMessageStaysInvisibleForItsDelay() {
        String url = queues.standard("delay");
        // 2 s rather than 1 s: the checks during the delay must run within it even on a busy machine.
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(2));
        long sentAt = System.nanoTime();

        assertThat(queues.receive(url, 10)).as("during the delay").isEmpty();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "1");

        List<Message> later = queues.receiveAll(url, 1, Duration.ofSeconds(5));
        assertThat(later).extracting(Message::body).containsExactly("later");
        assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1_800));
    }

    @Test
    void queueDelayAppliesToEveryMessage() {
        String url = queues.standard("queue-delay", Map.of(QueueAttributeName.DELAY_SECONDS, "2"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later"));

        assertThat(queues.receive(url, 10)).isEmpty();
        assertThat(queues.receiveAll(url, 1, Duration.ofSeconds(5))).extracting(Message::body).containsExactly("later");
    }

    @Test
    void delayAboveFifteenMinutesIsRejected() {
        String url = queues.standard("delay-limit");

        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").delaySeconds(901)))
                .isInstanceOf(SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void waitTimeAboveTwentySecondsIsRejected() {
        String url = queues.standard("wait-limit");

        assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21)))
                .isInstanceOf(SqsException.class)
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
    }
}
