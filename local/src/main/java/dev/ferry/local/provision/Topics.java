package dev.ferry.local.provision;

import dev.ferry.local.deployment.SnsLambdaSubscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * {@code AWS::SNS::Topic} (with inline {@code Subscription}s) and {@code AWS::SNS::Subscription}, through
 * CreateTopic and Subscribe. Subscriptions of protocol {@code lambda} are created on the endpoint too, so the
 * endpoint applies their filter policy, and are reported to the runtime.
 */
final class Topics {

    private static final int NAME_LIMIT = 256;

    private final AwsClients clients;
    private final ProvisionLog log;
    private final List<SnsLambdaSubscription> lambdaSubscriptions = new ArrayList<>();

    Topics(AwsClients clients, ProvisionLog log) {
        this.clients = clients;
        this.log = log;
    }

    List<SnsLambdaSubscription> lambdaSubscriptions() {
        synchronized (lambdaSubscriptions) {
            return List.copyOf(lambdaSubscriptions);
        }
    }

    ResourceState provisionTopic(Resource resource) {
        Props p = resource.properties();
        boolean fifo = p.bool("FifoTopic", false);
        String name = p.string("TopicName").orElseGet(() -> PhysicalNames.generate(
                resource.stack().stackName(), resource.logicalId(), NAME_LIMIT, fifo ? ".fifo" : ""));
        Map<String, String> attributes = new LinkedHashMap<>();
        if (fifo) {
            attributes.put("FifoTopic", "true");
        }
        p.string("ContentBasedDeduplication").ifPresent(v -> attributes.put("ContentBasedDeduplication", v));
        p.string("DisplayName").ifPresent(v -> attributes.put("DisplayName", v));
        if (p.has("KmsMasterKeyId")) {
            log.note("topic encryption (KMS) is not applied locally");
        }
        SnsClient sns = clients.sns("topic " + resource.describe());
        boolean created = existingTopic(sns, name).isEmpty();
        String arn = sns.createTopic(b -> b.name(name).attributes(attributes)).topicArn();
        log.provisioned(resource, name, created);
        for (Props inline : p.list("Subscription")) {
            subscribe(sns, resource, arn, inline.requireString("Protocol"), inline.requireString("Endpoint"), Map.of());
        }
        return ResourceState.of(arn, "TopicArn", arn, "TopicName", name);
    }

    ResourceState provisionSubscription(Resource resource) {
        Props p = resource.properties();
        Map<String, String> attributes = new LinkedHashMap<>();
        p.json("FilterPolicy").ifPresent(v -> attributes.put("FilterPolicy", v));
        p.string("FilterPolicyScope").ifPresent(v -> attributes.put("FilterPolicyScope", v));
        p.string("RawMessageDelivery").ifPresent(v -> attributes.put("RawMessageDelivery", v));
        p.json("RedrivePolicy").ifPresent(v -> attributes.put("RedrivePolicy", v));
        p.json("DeliveryPolicy").ifPresent(v -> attributes.put("DeliveryPolicy", v));
        p.string("SubscriptionRoleArn").ifPresent(v -> attributes.put("SubscriptionRoleArn", v));
        SnsClient sns = clients.sns("subscription " + resource.describe());
        String arn = subscribe(sns, resource, p.requireString("TopicArn"), p.requireString("Protocol"),
                p.requireString("Endpoint"), attributes);
        return ResourceState.of(arn);
    }

    private String subscribe(SnsClient sns, Resource resource, String topicArn, String protocol, String endpoint,
                             Map<String, String> attributes) {
        Optional<Subscription> existing = sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions()
                .stream().filter(s -> s.protocol().equals(protocol) && s.endpoint().equals(endpoint)).findFirst();
        String arn;
        if (existing.isPresent()) {
            // Same topic, protocol and endpoint: bring its attributes to the template's, as an update would.
            arn = existing.get().subscriptionArn();
            attributes.forEach((key, value) -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn)
                    .attributeName(key).attributeValue(value)));
        } else {
            arn = sns.subscribe(b -> b.topicArn(topicArn).protocol(protocol).endpoint(endpoint)
                    .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
        }
        log.provisioned(resource, arn, existing.isEmpty());
        if (protocol.equals("lambda")) {
            // The endpoint exactly as subscribed: SNS delivers to that ARN, so the runtime registers under it.
            synchronized (lambdaSubscriptions) {
                lambdaSubscriptions.add(new SnsLambdaSubscription(arn, topicArn, endpoint));
            }
        }
        return arn;
    }

    private static Optional<String> existingTopic(SnsClient sns, String name) {
        return sns.listTopicsPaginator().topics().stream().map(t -> t.topicArn())
                .filter(arn -> arn.endsWith(":" + name)).findFirst();
    }
}
