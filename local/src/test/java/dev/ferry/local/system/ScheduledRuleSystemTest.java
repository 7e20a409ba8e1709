package dev.ferry.local.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.OutputFiles;
import dev.ferry.local.schedule.RuleFiring;
import dev.ferry.local.schedule.ScheduleTiming;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CDK app with an EventBridge schedule, end to end: synthesized as {@code cdk synth} writes a
 * {@code Rule} with {@code Schedule.rate(Duration.minutes(5))} and a {@code LambdaFunction} target, provisioned
 * on the embedded data plane, and its function invoked on an overridden short period and on demand.
 */
class ScheduledRuleSystemTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private Path assembly() throws Exception {
        Path assembly = Files.createDirectories(home.resolve("cdk.out"));
        Path asset = FunctionAssets.directory(assembly, false);
        Path out = Files.createDirectories(home.resolve("out"));
        Files.writeString(assembly.resolve("Sched.template.json"), """
                {"Resources": {
                  "SweeperServiceRoleBDFB1BC7": {"Type": "AWS::IAM::Role", "Properties": {
                    "AssumeRolePolicyDocument": {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                      "Principal": {"Service": "lambda.amazonaws.com"}}], "Version": "2012-10-17"}}},
                  "Sweeper30B1A830": {"Type": "AWS::Lambda::Function", "Properties": {
                    "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "sweeper.zip"},
                    "Handler": "dev.ferry.local.lambda.fixtures.ScheduledEventRecorder", "Runtime": "java21",
                    "Environment": {"Variables": {"OUT_DIR": "%s"}},
                    "Role": {"Fn::GetAtt": ["SweeperServiceRoleBDFB1BC7", "Arn"]}},
                    "DependsOn": ["SweeperServiceRoleBDFB1BC7"],
                    "Metadata": {"aws:asset:path": "%s", "aws:asset:property": "Code"}},
                  "SweepSchedule80B1140B": {"Type": "AWS::Events::Rule", "Properties": {
                    "ScheduleExpression": "rate(5 minutes)", "State": "ENABLED",
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "Target0"}]}},
                  "SweepScheduleAllowEventRuleSchedSweeper100E59B84AFADC6B": {"Type": "AWS::Lambda::Permission", "Properties": {
                    "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]},
                    "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["SweepSchedule80B1140B", "Arn"]}}},
                  "DlqD1FAA4AD": {"Type": "AWS::SQS::Queue", "UpdateReplacePolicy": "Delete", "DeletionPolicy": "Delete"},
                  "CronA79E22A9": {"Type": "AWS::Events::Rule", "Properties": {
                    "ScheduleExpression": "cron(0 3 ? * MON-FRI *)", "State": "DISABLED",
                    "Targets": [{"Arn": {"Fn::GetAtt": ["Sweeper30B1A830", "Arn"]}, "Id": "Target0",
                      "DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["DlqD1FAA4AD", "Arn"]}},
                      "RetryPolicy": {"MaximumEventAgeInSeconds": 300, "MaximumRetryAttempts": 2}}]}}}}"""
                .formatted(out.toString().replace("\\", "\\\\"), asset.getFileName()));
        Files.writeString(assembly.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"Sched": {"type": "aws:cloudformation:stack",
                 "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "Sched.template.json"}}}}""");
        return assembly;
    }

    @Test
    void aCdkScheduleRunsItsFunctionOnAShortOverriddenPeriodAndOnDemand() throws Exception {
        Path out = home.resolve("out");
        LocalSystem.Options options = LocalSystem.Options.of(assembly()).withRuntimeSettings(RuntimeSettings.defaults()
                .withScheduleTiming(ScheduleTiming.every(Duration.ofMillis(200)))
                .withLog(new PrintStream(OutputStream.nullOutputStream())));
        LocalSystem system = LocalSystem.start(options);
        try (system) {
            ScheduleRuleSpec sweep = system.deployment().scheduleRules().stream().filter(ScheduleRuleSpec::enabled)
                    .findFirst().orElseThrow();
            ScheduleRuleSpec nightly = system.deployment().scheduleRules().stream().filter(r -> !r.enabled())
                    .findFirst().orElseThrow();
            assertThat(nightly.targets().getFirst().deadLetterQueueArn().orElseThrow())
                    .startsWith("arn:aws:sqs:us-east-1:000000000000:Sched-DlqD1FAA4AD-");

            await().atMost(PATIENCE).until(() -> OutputFiles.linesStartingWith(out, sweepFunction(system), "scheduled|").size() >= 2);
            assertThat(OutputFiles.linesStartingWith(out, sweepFunction(system), "scheduled|"))
                    .allSatisfy(line -> assertThat(line.split("\\|")[6]).isEqualTo(sweep.arn()));

            RuleFiring firing = system.fireRule(sweep.name());
            String requestId = firing.requestIds().getFirst();
            await().atMost(PATIENCE).until(() -> OutputFiles.linesStartingWith(out, sweepFunction(system), "scheduled|")
                    .stream().anyMatch(line -> line.endsWith("|" + requestId)));
        }
        assertThat(system.runtime().schedules().stopped()).isTrue();
    }

    private static String sweepFunction(LocalSystem system) {
        return system.deployment().functions().getFirst().functionName();
    }
}
