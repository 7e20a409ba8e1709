package dev.ferry.local.cloudformation;

/**
 * The values CloudFormation gives its pseudo parameters for one stack. Locally every stack lives in one
 * region and account, whatever environment the CDK app names, because the emulators serve exactly one.
 */
public record PseudoParameters(String region, String accountId, String partition, String urlSuffix,
                               String stackName, String stackId) {

    public static final String LOCAL_ACCOUNT = "000000000000";

    public static PseudoParameters local(String region, String stackName) {
        return new PseudoParameters(region, LOCAL_ACCOUNT, "aws", "amazonaws.com", stackName,
                "arn:aws:cloudformation:" + region + ":" + LOCAL_ACCOUNT + ":stack/" + stackName + "/"
                        + java.util.UUID.nameUUIDFromBytes(stackName.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
