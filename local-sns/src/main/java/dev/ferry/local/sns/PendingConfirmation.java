package dev.ferry.local.sns;

/**
 * A subscription waiting for ConfirmSubscription. SNS would send {@code token} to the endpoint; the local
 * emulator sends nothing over HTTP or email and hands the token out through
 * {@link SnsService#pendingConfirmations()} instead.
 */
public record PendingConfirmation(String subscriptionArn, String topicArn, String protocol, String endpoint,
                                  String token) {}
