package dev.ferry.local.provision;

/**
 * One resource created (or found already there) on a target endpoint.
 *
 * @param physicalId the table, queue or topic name, or the subscription ARN
 */
public record ProvisionedResource(String stackName, String logicalId, String type, String physicalId, Outcome outcome) {

    public enum Outcome { CREATED, REUSED }
}
