package dev.ferry.local.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An {@code AWS::Events::Rule} with a {@code ScheduleExpression} on the default event bus, resolved.
 *
 * @param name               the rule's physical name (the template's {@code Name}, or one generated as CloudFormation would)
 * @param arn                {@code arn:aws:events:<region>:<account>:rule/<name>}: what scheduled events carry in {@code resources}
 * @param scheduleExpression {@code rate(...)} or {@code cron(...)} as written; the provisioner has checked that it parses
 * @param enabled            {@code State} is {@code ENABLED} (CloudFormation's default); a disabled rule never fires
 * @param targets            the rule's Lambda targets
 */
public record ScheduleRuleSpec(String logicalId, String name, String arn, String scheduleExpression, boolean enabled,
                               List<Target> targets) {

    public ScheduleRuleSpec {
        targets = List.copyOf(targets);
    }

    /**
     * One target of the rule: a Lambda function, invoked asynchronously.
     *
     * @param id                 the target's {@code Id} within the rule
     * @param functionArn        the function (an alias or version ARN is reduced to the function)
     * @param input              {@code Input}: constant JSON sent instead of the scheduled event
     * @param inputPath          {@code InputPath}: the part of the scheduled event sent ({@code $} or {@code $.a.b})
     * @param retryPolicy        {@code RetryPolicy}, EventBridge's defaults where the template has none
     * @param deadLetterQueueArn {@code DeadLetterConfig.Arn}: the SQS queue for events EventBridge could not deliver
     */
    public record Target(String id, String functionArn, Optional<String> input, Optional<String> inputPath,
                         RetryPolicy retryPolicy, Optional<String> deadLetterQueueArn) {}

    /**
     * How long and how often EventBridge retries delivering an event to a target
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html).
     */
    public record RetryPolicy(int maximumRetryAttempts, Duration maximumEventAge) {

        /** EventBridge's default: up to 185 retries over 24 hours. */
        public static RetryPolicy defaults() {
            return new RetryPolicy(185, Duration.ofHours(24));
        }
    }
}
