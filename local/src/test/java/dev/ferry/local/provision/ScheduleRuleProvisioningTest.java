package dev.ferry.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AWS::Events::Rule} as {@code cdk synth} writes it (aws-cdk-lib 2.263.0, checked on 2026-12-06) for
 * {@code new Rule(this, "SweepSchedule", RuleProps.builder().schedule(Schedule.rate(Duration.minutes(5)))
 * .targets(List.of(new LambdaFunction(fn))))}: the rule with {@code State} and a {@code Target0} whose
 * {@code Arn} is the function's {@code Fn::GetAtt}, plus an {@code AWS::Lambda::Permission} whose
 * {@code SourceArn} is the rule's {@code Arn}. No resource here needs an endpoint.
 */
class ScheduleRuleProvisioningTest {

    private static final Map<String, String> NOWHERE = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9");

    private static final String FUNCTION = """
            "SweeperServiceRoleBDFB1BC7": {"Type": "AWS::IAM::Role", "Properties": {
              "AssumeRolePolicyDocument": {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"}}], "Version": "2012-10-17"}}},
            "Sweeper30B1A830": {"Type": "AWS::Lambda::Function", "Properties": {
              "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "sweeper.zip"},
              "FunctionName": "outbox-sweeper", "Handler": "dev.ferry.Sweeper", "Runtime": "java21",
              "Role": {"Fn::GetAtt": ["SweeperServiceRoleBDFB1BC7", "Arn"]}},
              "DependsOn": ["SweeperServiceRoleBDFB1BC7"],
              "Metadata": {"aws:asset:path": "code.jar", "aws:asset:property": "Code"}},
            """;

    private static final String SWEEPER_ARN = "arn:aws:lambda:us-east-1:000000000000:function:outbox-sweeper";

    @TempDir
    Path dir;

    private ProvisionResult provision(String resources) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("code.jar"), "stand-in");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Provisioner.provision(TestAssemblies.write(dir, Map.of("Sched", resources)), NOWHERE);
    }

    @Test
    void cdkRateRuleWithALambdaTargetBecomesAnEnabledScheduledRuleOfTheDeployment() {
        ProvisionResult result = provision("""
                {"Resources": {""" + FUNCTION + """
                  "SweepSchedule80B1140B": {"Type": "AWS::Events::Rule", "Properties": {
                    "ScheduleExpression": "rate(5 minutes)", "State": "ENABLED",
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "Target0"}]}},
                  "SweepScheduleAllowEventRuleSchedSweeper100E59B84AFADC6B": {"Type": "AWS::Lambda::Permission", "Properties": {
                    "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]},
                    "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["SweepSchedule80B1140B", "Arn"]}}}},
                 "Outputs": {"RuleName": {"Value": {"Ref": "SweepSchedule80B1140B"}},
                             "RuleArn": {"Value": {"Fn::GetAtt": ["SweepSchedule80B1140B", "Arn"]}}}}""");

        ScheduleRuleSpec rule = result.deployment().scheduleRules().getFirst();
        assertThat(result.deployment().scheduleRules()).hasSize(1);
        // No Name in the template: one shaped like CloudFormation's, <stack>-<logicalId>-<suffix>, at most 64 characters.
        assertThat(rule.name()).startsWith("Sched-SweepSchedule80B1140B-").hasSizeLessThanOrEqualTo(64);
        assertThat(rule.arn()).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/" + rule.name());
        assertThat(rule.scheduleExpression()).isEqualTo("rate(5 minutes)");
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.targets()).containsExactly(new ScheduleRuleSpec.Target("Target0", SWEEPER_ARN, Optional.empty(),
                Optional.empty(), new RetryPolicy(185, Duration.ofHours(24)), Optional.empty()));
        assertThat(result.deployment().outputs())
                .containsEntry("Sched.RuleName", rule.name())
                .containsEntry("Sched.RuleArn", rule.arn());
        assertThat(result.summary().skipped()).containsKeys("AWS::Lambda::Permission", "AWS::IAM::Role");
    }

    @Test
    void disabledCronRuleKeepsItsConstantInputRetryPolicyAndDeadLetterQueue() {
        // What CDK writes for Schedule.cron(minute 0, hour 3, weekDay MON-FRI), enabled(false), and a target with
        // event(RuleTargetInput.fromObject(...)), retryAttempts(2), maxEventAge(5 min) and a deadLetterQueue.
        ProvisionResult result = provision("""
                {"Resources": {""" + FUNCTION + """
                  "CronA79E22A9": {"Type": "AWS::Events::Rule", "Properties": {
                    "Name": "nightly-sweep", "ScheduleExpression": "cron(0 3 ? * MON-FRI *)", "State": "DISABLED",
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "Target0",
                      "DeadLetterConfig": {"Arn": "arn:aws:sqs:us-east-1:000000000000:sweeper-dlq"},
                      "Input": "{\\"k\\":\\"v\\"}",
                      "RetryPolicy": {"MaximumEventAgeInSeconds": 300, "MaximumRetryAttempts": 2}}]}}}}""");

        ScheduleRuleSpec rule = result.deployment().scheduleRules().getFirst();
        assertThat(rule.name()).isEqualTo("nightly-sweep");
        assertThat(rule.enabled()).isFalse();
        assertThat(rule.scheduleExpression()).isEqualTo("cron(0 3 ? * MON-FRI *)");
        assertThat(rule.targets()).containsExactly(new ScheduleRuleSpec.Target("Target0", SWEEPER_ARN,
                Optional.of("{\"k\":\"v\"}"), Optional.empty(), new RetryPolicy(2, Duration.ofMinutes(5)),
                Optional.of("arn:aws:sqs:us-east-1:000000000000:sweeper-dlq")));
    }

    @Test
    void aTargetGivenAsAnAliasArnFiresTheFunctionAndInputPathIsKept() {
        ProvisionResult result = provision("""
                {"Resources": {""" + FUNCTION + """
                  "Live": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Sweeper30B1A830"},
                    "FunctionVersion": "$LATEST", "Name": "live"}},
                  "Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 hour)",
                    "Targets": [{"Arn": {"Ref": "Live"}, "Id": "Alias", "InputPath": "$.detail"}]}}}}""");

        ScheduleRuleSpec rule = result.deployment().scheduleRules().getFirst();
        assertThat(rule.enabled()).as("State defaults to ENABLED").isTrue();
        assertThat(rule.targets().getFirst().functionArn()).isEqualTo(SWEEPER_ARN);
        assertThat(rule.targets().getFirst().inputPath()).contains("$.detail");
    }

    @Test
    void eventPatternRuleIsSkippedWithANoteAndThePermissionNamingItStillResolves() {
        ProvisionResult result = provision("""
                {"Resources": {""" + FUNCTION + """
                  "Pattern6C27AEBA": {"Type": "AWS::Events::Rule", "Properties": {
                    "EventPattern": {"source": ["aws.ec2"]}, "State": "ENABLED",
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "Target0"}]}},
                  "PatternAllowEventRuleSchedSweeper100E59B827FCA036": {"Type": "AWS::Lambda::Permission", "Properties": {
                    "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]},
                    "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["Pattern6C27AEBA", "Arn"]}}}}}""");

        assertThat(result.deployment().scheduleRules()).isEmpty();
        assertThat(result.summary().skipped()).containsEntry("AWS::Events::Rule (event pattern)", java.util.List.of("Sched/Pattern6C27AEBA"));
        assertThat(result.summary().render())
                .contains("AWS::Events::Rule (event pattern)")
                .contains("note: EventBridge rules with only an EventPattern are not run");
    }

    @Test
    void anInvalidScheduleExpressionIsAnErrorNamingTheRuleAndTheAcceptedForms() {
        assertThatThrownBy(() -> provision("""
                {"Resources": {""" + FUNCTION + """
                  "Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 minutes)",
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "T"}]}}}}"""))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Sched/Rule (AWS::Events::Rule)")
                .hasMessageContaining("rate(1 minutes)")
                .hasMessageContaining("singular");
    }

    @Test
    void aTargetThatIsNotALambdaFunctionIsAnErrorSayingWhatRuns() {
        assertThatThrownBy(() -> provision("""
                {"Resources": {""" + FUNCTION + """
                  "Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 day)",
                    "Targets": [{"Arn": "arn:aws:sqs:us-east-1:000000000000:jobs", "Id": "Queue"}]}}}}"""))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Targets[0]")
                .hasMessageContaining("arn:aws:sqs:us-east-1:000000000000:jobs is not a Lambda function");
    }

    @Test
    void anInputTransformerIsAnErrorRatherThanADifferentEventSilently() {
        assertThatThrownBy(() -> provision("""
                {"Resources": {""" + FUNCTION + """
                  "Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 day)",
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "T",
                      "InputTransformer": {"InputPathsMap": {"t": "$.time"}, "InputTemplate": "{\\"at\\": <t>}"}}]}}}}"""))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("InputTransformer is not applied locally");
    }

    @Test
    void aScheduleOnACustomEventBusIsAnErrorAsOnEventBridge() {
        assertThatThrownBy(() -> provision("""
                {"Resources": {""" + FUNCTION + """
                  "Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 day)",
                    "EventBusName": "orders", "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "T"}]}}}}"""))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("default event bus only");
    }
}
