package dev.ferry.local.sns;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import dev.ferry.local.http.LoopbackHttpClients;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Sends messages to SQS queues named by ARN through the SQS API of the configured endpoint. Its HTTP client is the
 * SDK's Apache client: the URLConnection client probes a reused connection for one millisecond before every POST
 * (the JDK's stale-connection check for streamed request bodies), which would cap each subscription's lane.
 */
final class SqsDeliverer implements SqsSender {
    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final java.util.Set<String> withoutFairQueues = ConcurrentHashMap.newKeySet();

    SqsDeliverer(URI endpoint, String region) {
        this.sqs = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(SnsService.DELIVERY_ACCESS_KEY, "ferry")))
                .httpClient(LoopbackHttpClients.create())
                // SNS retries on its own terms; the SDK's retries would only multiply them.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public DeliveryAttempt send(String queueArn, String body, Map<String, MessageAttribute> attributes,
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

    @Override
    public Optional<List<DeliveryAttempt>> sendBatch(String queueArn, List<Outgoing> messages) {
        Optional<Arns.Queue> queue = Arns.sqsQueue(queueArn);
        if (queue.isEmpty()) {
            return Optional.of(messages.stream().<DeliveryAttempt>map(m -> new DeliveryAttempt.Permanent("not an SQS queue ARN: " + queueArn)).toList());
        }
        try {
            String url = queueUrls.computeIfAbsent(queueArn, arn -> sqs.getQueueUrl(r -> r
                    .queueName(queue.get().name())
                    .queueOwnerAWSAccountId(queue.get().account())).queueUrl());
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Outgoing m = messages.get(i);
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.body());
                if (!m.attributes().isEmpty()) {
                    entry.messageAttributes(sqsAttributes(m.attributes()));
                }
                entries.add(entry.build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            List<DeliveryAttempt> outcomes = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                outcomes.add(new DeliveryAttempt.Retryable("SQS reported nothing for this message of the batch"));
            }
            response.successful().forEach(ok -> outcomes.set(Integer.parseInt(ok.id()), new DeliveryAttempt.Delivered()));
            for (BatchResultErrorEntry failed : response.failed()) {
                String reason = "SQS refused the message: " + failed.code() + " " + failed.message();
                outcomes.set(Integer.parseInt(failed.id()), Boolean.TRUE.equals(failed.senderFault())
                        ? new DeliveryAttempt.Permanent(reason) : new DeliveryAttempt.Retryable(reason));
            }
            return Optional.of(outcomes);
        } catch (QueueDoesNotExistException e) {
            queueUrls.remove(queueArn);
            return Optional.of(messages.stream().<DeliveryAttempt>map(m -> new DeliveryAttempt.Permanent("queue does not exist: " + queueArn)).toList());
        } catch (SqsException e) {
            if (e.statusCode() >= 400 && e.statusCode() < 500 && e.statusCode() != 429) {
                // A batch refused as a whole (too long, ...): one by one, each message gets its own answer.
                return Optional.empty();
            }
            return Optional.of(messages.stream().<DeliveryAttempt>map(m -> new DeliveryAttempt.Retryable("SQS error: " + e.getMessage())).toList());
        } catch (SdkException e) {
            return Optional.of(messages.stream().<DeliveryAttempt>map(m -> new DeliveryAttempt.Retryable("SQS unreachable: " + e.getMessage())).toList());
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
