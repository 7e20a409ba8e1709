package dev.ferry.local.provision;

import java.util.Optional;
import java.util.Set;

/** How each CloudFormation type is treated locally. Anything not listed is an error: it may matter. */
final class ResourceTypes {

    enum Handling {
        /** Created on a target endpoint (DynamoDB, SQS, SNS, Kinesis). */
        DATA_PLANE,
        /** Collected into the {@link dev.ferry.local.deployment.Deployment} the in-process runtime runs. */
        RUNTIME,
        /** No local meaning: listed once in the summary and otherwise ignored. */
        SKIPPED
    }

    static final Set<String> DATA_PLANE = Set.of(
            "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::SQS::Queue", "AWS::SNS::Topic",
            "AWS::SNS::Subscription", "AWS::Kinesis::Stream");

    static final Set<String> RUNTIME = Set.of(
            "AWS::Lambda::Function", "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::Lambda::EventInvokeConfig",
            "AWS::Lambda::EventSourceMapping", "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Resource",
            "AWS::ApiGateway::Method", "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage",
            "AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::Model", "AWS::ApiGateway::GatewayResponse",
            "AWS::Events::Rule");

    /**
     * Access control, observability, encryption and CDK's own machinery: the emulators neither enforce nor
     * record any of it, so leaving it out changes no behaviour of the workflow.
     */
    static final Set<String> SKIPPED = Set.of(
            "AWS::CDK::Metadata", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::Logs::LogGroup", "AWS::Logs::MetricFilter", "AWS::Logs::ResourcePolicy",
            "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm", "AWS::CloudWatch::Dashboard",
            "AWS::KMS::Key", "AWS::KMS::Alias", "AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy",
            "AWS::SNS::TopicPolicy", "AWS::SNS::TopicInlinePolicy", "AWS::Lambda::Permission",
            "AWS::ApiGateway::Account",
            "AWS::CloudFormation::WaitConditionHandle", "Custom::LogRetention");

    private ResourceTypes() {
    }

    static Optional<Handling> of(String type) {
        if (DATA_PLANE.contains(type)) {
            return Optional.of(Handling.DATA_PLANE);
        }
        if (RUNTIME.contains(type)) {
            return Optional.of(Handling.RUNTIME);
        }
        if (SKIPPED.contains(type)) {
            return Optional.of(Handling.SKIPPED);
        }
        return Optional.empty();
    }
}
