package dev.ferry.local.sns;

/** One row of ListSubscriptions / ListSubscriptionsByTopic. */
record SubscriptionSummary(String subscriptionArn, String owner, String protocol, String endpoint, String topicArn) {}
