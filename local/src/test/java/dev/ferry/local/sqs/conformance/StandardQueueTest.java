package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

@ExtendWith(SqsTarget.Extension.class)
class StandardQueueTest {

    private final SqsTarget target;
    private final SqsClient sqs;
    private final Queues queues;

    StandardQueueTest(SqsTarget target) {
        this.target = target;
        this.sqs = target.client();
        this.queues = new Queues(target);
    }

    @Test
    void queueArnCarriesTheRegionAndAccountOfTheTarget() {
        String url = queues.standard("arn");

        String arn = queues.arn(url);

        String name = url.substring(url.lastIndexOf('/') + 1);
        assertThat(arn).startsWith("arn:aws:sqs:" + target.region().id() + ":").endsWith(":" + name);
        if (target.isEmbeddedElasticMq()) {
            assertThat(arn).isEqualTo("arn:aws:sqs:us-east-1:000000000000:" + name);
            assertThat(url).endsWith("/000000000000/" + name);
        }
    }

    @Test
    void createQueueIsIdempotentForTheSameAttributesAndRejectsDifferentOnes() {
        String name = target.uniqueName("idempotent");
        String first = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"))).queueUrl();

        String again = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"))).queueUrl();

        assertThat(again).isEqualTo(first);
        assertThat(sqs.getQueueUrl(b -> b.queueName(name)).queueUrl()).isEqualTo(first);
        assertThatThrownBy(() -> sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "6"))))
                .isInstanceOf(QueueNameExistsException.class);
    }

    @Test
    void unknownQueueIsReportedAsNonExistent() {
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName(target.uniqueName("missing"))))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    @Test
    void sentMessageIsReceivedOnceWithItsDigestAndGoneAfterDelete() {
        String url = queues.standard("roundtrip");
        var sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("order 42 placed"));

        Message received = queues.receiveAll(url, 1, Duration.ofSeconds(5)).getFirst();

        assertThat(received.messageId()).isEqualTo(sent.messageId());
        assertThat(received.body()).isEqualTo("order 42 placed");
        // MD5 of "order 42 placed"; the SDK has also compared it with the body already.
        assertThat(received.md5OfBody()).isEqualTo(sent.md5OfMessageBody()).isEqualTo(md5Hex("order 42 placed"));
        assertThat(received.attributes()).containsKeys(MessageSystemAttributeName.SENT_TIMESTAMP,
                MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, MessageSystemAttributeName.SENDER_ID);
        assertThat(Queues.receiveCount(received)).isEqualTo(1);

        queues.delete(url, received);

        assertThat(queues.receive(url, 10)).isEmpty();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes())
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    void approximateReceiveCountGrowsWithEveryReceive() {
        String url = queues.standard("receive-count");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("retry me"));

        Message first = queues.receiveAll(url, 1, Duration.ofSeconds(5)).getFirst();
        queues.release(url, first);
        Message second = queues.receiveAll(url, 1, Duration.ofSeconds(5)).getFirst();
        queues.release(url, second);
        Message third = queues.receiveAll(url, 1, Duration.ofSeconds(5)).getFirst();

        assertThat(Queues.receiveCount(first)).isEqualTo(1);
        assertThat(Queues.receiveCount(second)).isEqualTo(2);
        assertThat(Queues.receiveCount(third)).isEqualTo(3);
        assertThat(third.receiptHandle()).isNotEqualTo(first.receiptHandle());
        assertThat(third.attributes().get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP))
                .isEqualTo(first.attributes().get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
    }

    @Test
    void purgeQueueRemovesEveryMessage() {
        String url = queues.standard("purge");
        for (int i = 0; i < 3; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("m" + n));
        }

        sqs.purgeQueue(b -> b.queueUrl(url));

        assertThat(queues.receiveAll(url, 1, Duration.ofSeconds(1))).isEmpty();
    }

    static String md5Hex(String text) {
        try {
            var digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
