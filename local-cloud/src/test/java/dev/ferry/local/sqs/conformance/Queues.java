package dev.ferry.local.sqs.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Small vocabulary the SQS conformance tests share, so each test reads as the behaviour it checks. */
final class Queues {

    private final SqsClient sqs;
    private final SqsTarget target;

    Queues(SqsTarget target) {
        this.target = target;
        this.sqs = target.client();
    }

    String standard(String purpose, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(target.uniqueName(purpose)).attributes(attributes)).queueUrl();
    }

    String standard(String purpose) {
        return standard(purpose, Map.of());
    }

    String fifo(String purpose, Map<QueueAttributeName, String> attributes) {
        var all = new HashMap<>(attributes);
        all.put(QueueAttributeName.FIFO_QUEUE, "true");
        return sqs.createQueue(b -> b.queueName(target.uniqueName(purpose) + ".fifo").attributes(all)).queueUrl();
    }

    String arn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** One short-polled receive of up to {@code max} messages with every system attribute. */
    List<Message> receive(String queueUrl, int max) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    /**
     * Receives until {@code count} messages arrived or the time is up. Short polls on a standard queue sample
     * a subset of servers on AWS and may come back empty while messages exist, so a test that needs "all of
     * them" must keep asking.
     */
    List<Message> receiveAll(String queueUrl, int count, Duration within) {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            received.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(Math.min(10, count - received.size()))
                    .waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        return received;
    }

    void delete(String queueUrl, Message message) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    /** Makes an in-flight message visible again at once, instead of waiting out its visibility timeout. */
    void release(String queueUrl, Message message) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
    }

    static int receiveCount(Message message) {
        return Integer.parseInt(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }
}
