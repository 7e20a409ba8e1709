package dev.ferry.junit;

import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Topic-to-queue wiring that several tests of the injected clients need. */
final class Subscriptions {
    private Subscriptions() {}

    /** Creates {@code queueName} and subscribes it to {@code topicArn} with raw delivery; returns the queue's URL. */
    static String rawQueueSubscription(SnsClient sns, SqsClient sqs, String topicArn, String queueName) {
        String queueUrl = sqs.createQueue(q -> q.queueName(queueName)).queueUrl();
        String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(Map.of("RawMessageDelivery", "true")));
        return queueUrl;
    }
}
