package dev.ferry.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.cloudformation.TemplateException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors that stop provisioning before anything is created, each naming what is wrong and what to do. */
class UnsupportedResourcesTest {

    // Nothing listens here: a test that reached an endpoint would fail with a connection error instead.
    private static final Map<String, String> NOWHERE = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9");

    @TempDir
    Path dir;

    @Test
    void unknownTypeThatMayMatterIsAnErrorNamingTypeStackAndLogicalIdBeforeAnythingIsCreated() {
        Path assembly = TestAssemblies.write(dir, Map.of("Storage", """
                {"Resources": {
                  "Jobs1A2B3C4D": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "jobs"}},
                  "Uploads5E6F7A8B": {"Type": "AWS::S3::Bucket"},
                  "Machine9C0D1E2F": {"Type": "AWS::StepFunctions::StateMachine"}}}"""));

        assertThatThrownBy(() -> Provisioner.provision(assembly, NOWHERE))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("AWS::S3::Bucket (Storage/Uploads5E6F7A8B)")
                .hasMessageContaining("AWS::StepFunctions::StateMachine (Storage/Machine9C0D1E2F)")
                .hasMessageContaining("may matter")
                .hasMessageContaining("ResourceTypes");
    }

    @Test
    void unknownCustomResourceIsAnErrorButLogRetentionIsSkipped() {
        Path assembly = TestAssemblies.write(dir, Map.of("App", """
                {"Resources": {
                  "Seed": {"Type": "Custom::SeedTable", "Properties": {"ServiceToken": "arn:aws:lambda:us-east-1:000000000000:function:x"}}}}"""));
        assertThatThrownBy(() -> Provisioner.provision(assembly, NOWHERE))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("Custom::SeedTable (App/Seed)");
    }

    @Test
    void onlySkippedTypesNeedNoEndpointAtAll() {
        Path assembly = TestAssemblies.write(dir, Map.of("Ops", """
                {"Resources": {
                  "Role1": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
                  "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}},
                  "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmDescription": {"Fn::GetAtt": ["Role1", "Arn"]}}},
                  "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {}}}}}"""));

        ProvisionResult result = Provisioner.provision(assembly, Map.of());

        assertThat(result.summary().resources()).isEmpty();
        assertThat(result.summary().skipped()).containsOnlyKeys("AWS::IAM::Role", "AWS::Logs::LogGroup",
                "AWS::CloudWatch::Alarm", "AWS::KMS::Key");
        assertThat(result.deployment().functions()).isEmpty();
    }

    @Test
    void missingEndpointIsAnErrorSayingWhichVariableToSet() {
        Path assembly = TestAssemblies.write(dir, Map.of("Data", """
                {"Resources": {"Streamy": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}}}}"""));
        assertThatThrownBy(() -> Provisioner.provision(assembly, Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9")))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Data/Streamy (AWS::Kinesis::Stream)")
                .hasMessageContaining("AWS_ENDPOINT_URL_KINESIS or AWS_ENDPOINT_URL");
    }

    @Test
    void endpointThatDoesNotAnswerIsAnErrorNamingTheResource() {
        Path assembly = TestAssemblies.write(dir, Map.of("Data", """
                {"Resources": {"Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "jobs"}}}}"""));
        assertThatThrownBy(() -> Provisioner.provision(assembly, NOWHERE))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Data/Jobs (AWS::SQS::Queue) could not be provisioned");
    }

    @Test
    void directoryWithoutManifestIsNotACloudAssembly() {
        assertThatThrownBy(() -> Provisioner.provision(dir, NOWHERE))
                .isInstanceOf(TemplateException.class).hasMessageContaining("no manifest.json").hasMessageContaining("synth");
    }

    @Test
    void importOfAnExportNoStackDeclaresNamesIt() {
        Path assembly = TestAssemblies.write(dir, Map.of("App", """
                {"Resources": {"Role1": {"Type": "AWS::IAM::Role"},
                  "Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::ImportValue": "Data:QueueName"}}}}}"""));
        assertThatThrownBy(() -> Provisioner.provision(assembly, NOWHERE))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'Data:QueueName'").hasMessageContaining("stack App");
    }

    @Test
    void functionWhoseAssetIsMissingSaysToSynthesizeAgain() {
        Path assembly = TestAssemblies.write(dir, Map.of("App", """
                {"Resources": {"Fn1": {"Type": "AWS::Lambda::Function",
                  "Properties": {"Handler": "a.B", "Runtime": "java21", "Code": {"S3Bucket": "b", "S3Key": "abc.jar"}},
                  "Metadata": {"aws:asset:path": "asset.abc.jar", "aws:asset:property": "Code"}}}}"""));
        assertThatThrownBy(() -> Provisioner.provision(assembly, NOWHERE))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("App/Fn1 (AWS::Lambda::Function)").hasMessageContaining("asset.abc.jar")
                .hasMessageContaining("synthesize");
    }

    @Test
    void cyclicDependsOnIsAnErrorShowingTheCycle() {
        Path assembly = TestAssemblies.write(dir, Map.of("App", """
                {"Resources": {"A": {"Type": "AWS::IAM::Role", "DependsOn": "B"},
                               "B": {"Type": "AWS::IAM::Role", "DependsOn": ["A"]}}}"""));
        assertThatThrownBy(() -> Provisioner.provision(assembly, NOWHERE))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("cycle").hasMessageContaining("A -> B -> A");
    }
}
