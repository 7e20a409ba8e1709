package dev.ferry.local.sqs;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run the embedded SQS.
 *
 * @param port      the loopback port clients use (the validating front before ElasticMQ); 0 picks a free one
 * @param region    the region queue ARNs carry, so that ARNs look like the ones of a deployed stack
 * @param accountId the twelve-digit account in queue URLs and ARNs
 */
public record SqsSettings(int port, String region, String accountId) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public SqsSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("SQS port must be 0 (any free port) or 1-65535, was " + port);
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("SQS region must look like an AWS region such as us-east-1, was '" + region + "'");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("SQS account id must be twelve digits, was '" + accountId + "'");
        }
    }

    /** A free port, us-east-1, account 000000000000. */
    public static SqsSettings defaults() {
        return new SqsSettings(0, DEFAULT_REGION, DEFAULT_ACCOUNT_ID);
    }

    public SqsSettings withPort(int newPort) {
        return new SqsSettings(newPort, region, accountId);
    }

    public SqsSettings withRegion(String newRegion) {
        return new SqsSettings(port, newRegion, accountId);
    }

    public SqsSettings withAccountId(String newAccountId) {
        return new SqsSettings(port, region, newAccountId);
    }
}
