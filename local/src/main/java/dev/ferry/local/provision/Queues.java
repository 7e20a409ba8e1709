package dev.ferry.local.provision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/** {@code AWS::SQS::Queue} through CreateQueue; Ref is the queue URL, as on AWS. */
final class Queues {

    private static final int NAME_LIMIT = 80;
    private static final List<String> PLAIN_ATTRIBUTES = List.of("DelaySeconds", "MaximumMessageSize",
            "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "ContentBasedDeduplication",
            "DeduplicationScope", "FifoThroughputLimit");
    private static final List<String> JSON_ATTRIBUTES = List.of("RedrivePolicy", "RedriveAllowPolicy");

    private final AwsClients clients;
    private final ProvisionLog log;

    Queues(AwsClients clients, ProvisionLog log) {
        this.clients = clients;
        this.log = log;
    }

    ResourceState provision(Resource resource) {
        Props p = resource.properties();
        boolean fifo = p.bool("FifoQueue", false);
        String name = p.string("QueueName").orElseGet(() -> PhysicalNames.generate(
                resource.stack().stackName(), resource.logicalId(), NAME_LIMIT, fifo ? ".fifo" : ""));
        if (fifo != name.endsWith(".fifo")) {
            throw new ProvisioningException(resource.describe() + ": queue name " + name
                    + (fifo ? " must end with .fifo for a FIFO queue" : " ends with .fifo but FifoQueue is not true"));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE.toString(), "true");
        }
        for (String attribute : PLAIN_ATTRIBUTES) {
            p.string(attribute).ifPresent(value -> attributes.put(attribute, value));
        }
        for (String attribute : JSON_ATTRIBUTES) {
            p.json(attribute).ifPresent(value -> attributes.put(attribute, value));
        }
        if (p.has("KmsMasterKeyId") || p.has("SqsManagedSseEnabled")) {
            log.note("queue encryption (KMS or SQS-managed) is not applied locally");
        }
        SqsClient sqs = clients.sqs("queue " + resource.describe());
        String url;
        boolean created = sqs.listQueues(b -> b.queueNamePrefix(name)).queueUrls().stream()
                .noneMatch(u -> u.endsWith("/" + name));
        try {
            url = sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
        } catch (QueueNameExistsException differs) {
            // The queue is there with other attributes: reuse it as it is, like an unchanged kept endpoint.
            url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            created = false;
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        log.provisioned(resource, name, created);
        return ResourceState.of(queueUrl, "Arn", arn, "QueueName", name, "QueueUrl", queueUrl);
    }
}
