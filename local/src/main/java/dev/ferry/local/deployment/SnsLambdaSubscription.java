package dev.ferry.local.deployment;

/** An SNS subscription of protocol {@code lambda}: the topic invokes the function asynchronously. */
public record SnsLambdaSubscription(String subscriptionArn, String topicArn, String functionArn) {}
