package dev.ferry.local.sns;

import dev.ferry.local.sns.filter.FilterPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A subscription's mutable state. Fields are written under the {@link SnsBackend} lock. */
final class Subscription {
    final String arn;
    final String topicArn;
    final String protocol;
    final String endpoint;
    final String owner;
    final String confirmationToken;
    volatile boolean confirmed;
    /** Attributes set by the user (FilterPolicy, RawMessageDelivery, ...), as given. */
    final Map<String, String> attributes = new LinkedHashMap<>();
    volatile Optional<FilterPolicy> filterPolicy = Optional.empty();

    Subscription(String arn, String topicArn, String protocol, String endpoint, String owner,
                 String confirmationToken, boolean confirmed) {
        this.arn = arn;
        this.topicArn = topicArn;
        this.protocol = protocol;
        this.endpoint = endpoint;
        this.owner = owner;
        this.confirmationToken = confirmationToken;
        this.confirmed = confirmed;
    }

    boolean rawMessageDelivery() {
        return Boolean.parseBoolean(attributes.getOrDefault("RawMessageDelivery", "false"));
    }

    Optional<String> deadLetterTargetArn() {
        return Optional.ofNullable(attributes.get("RedrivePolicy")).flatMap(RedrivePolicy::deadLetterTargetArn);
    }

    /** What ListSubscriptions shows: the ARN, or "PendingConfirmation" until confirmed. */
    String listedArn() {
        return confirmed ? arn : "PendingConfirmation";
    }
}
