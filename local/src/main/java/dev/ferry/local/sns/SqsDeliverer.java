package dev.ferry.local.sns;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Sends messages to SQS queues named by ARN through the SQS API of the configured endpoint. */
final class SqsDeliverer implements AutoCloseable {
    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final java.util.Set<String> withoutFairQueues = ConcurrentHashMap.newKeySet();

    SqsDeliverer(URI endpoint, String region) {
        this.sqs = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry", "ferry")))
                .httpClient(UrlConnectionHttpClient.create())
                // SNS retries on its own terms; the SDK's retries would only multiply them.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    DeliveryAttempt send(String queueArn, String body, Map<String, MessageAttribute> attributes,
                         Optional<String> groupId, Optional<String> deduplicationId) {
        Optional<Arns.Queue> queue = Arns.sqsQueue(queueArn);
        if (queue.isEmpty()) {
            return new DeliveryAttempt.Permanent("not an SQS queue ARN: " + queueArn);
        }
        try {
            String url = queueUrls.computeIfAbsent(queueArn, arn -> sqs.getQueueUrl(r -> r
                    .queueName(queue.get().name())
                    .queueOwnerAWSAccountId(queue.get().account())).queueUrl());
            SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(url).messageBody(body);
            if (!attributes.isEmpty()) {
                request.messageAttributes(sqsAttributes(attributes));
            }
            deduplicationId.ifPresent(request::messageDeduplicationId);
            boolean fairQueueGroup = groupId.isPresent() && !queue.get().fifo();
            if (groupId.isPresent() && !(fairQueueGroup && withoutFairQueues.contains(queueArn))) {
                request.messageGroupId(groupId.get());
            }
            try {
                sqs.sendMessage(request.build());
            } catch (SqsException e) {
                if (!fairQueueGroup || e.statusCode() != 400 || withoutFairQueues.contains(queueArn)) {
                    throw e;
                }
                // Emulators such as ElasticMQ refuse a group ID on standard queues (SQS fair queues);
                // deliver without it, as SNS does to SQS endpoints that have no use for it.
                withoutFairQueues.add(queueArn);
                sqs.sendMessage(request.messageGroupId(null).build());
            }
            return new DeliveryAttempt.Delivered();
        } catch (QueueDoesNotExistException e) {
            queueUrls.remove(queueArn);
            return new DeliveryAttempt.Permanent("queue does not exist: " + queueArn);
        } catch (SqsException e) {
            if (e.statusCode() >= 400 && e.statusCode() < 500 && e.statusCode() != 429) {
                return new DeliveryAttempt.Permanent("SQS refused the message: " + e.getMessage());
            }
            return new DeliveryAttempt.Retryable("SQS error: " + e.getMessage());
        } catch (SdkException e) {
            return new DeliveryAttempt.Retryable("SQS unreachable: " + e.getMessage());
        }
    }

    private static Map<String, MessageAttributeValue> sqsAttributes(Map<String, MessageAttribute> attributes) {
        Map<String, MessageAttributeValue> out = new HashMap<>();
        attributes.forEach((name, attribute) -> {
            MessageAttributeValue.Builder value = MessageAttributeValue.builder().dataType(attribute.dataType());
            if (attribute.isBinary()) {
                value.binaryValue(SdkBytes.fromByteArray(attribute.binaryValue().orElse(new byte[0])));
            } else {
                value.stringValue(attribute.stringValue().orElse(""));
            }
            out.put(name, value.build());
        });
        return out;
    }

    @Override
    public void close() {
        sqs.close();
    }
}
