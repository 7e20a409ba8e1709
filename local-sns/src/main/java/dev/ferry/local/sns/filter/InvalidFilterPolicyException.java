package dev.ferry.local.sns.filter;

/** A filter policy SNS would refuse; the message names the rule that was broken. */
public final class InvalidFilterPolicyException extends RuntimeException {
    public InvalidFilterPolicyException(String message) {
        super(message);
    }
}
