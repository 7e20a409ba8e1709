package dev.ferry.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource shapes the two-stack fixture does not cover, each in a one-stack assembly of its own. */
class ResourceDetailsProvisioningTest {

    private static LocalCloud cloud;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        cloud = new LocalCloud(false);
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private ProvisionResult provision(String stack, String template) {
        return Provisioner.provision(TestAssemblies.write(dir, Map.of(stack, template)), cloud.endpoints());
    }

    @Test
    void globalTableOfCdkTableV2IsCreatedOnDemandWithItsStreamAndTtl() {
        ProvisionResult result = provision("V2", """
                {"Resources": {
                  "Things": {"Type": "AWS::DynamoDB::GlobalTable", "Properties": {
                    "TableName": "things-v2", "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "gk", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                    "GlobalSecondaryIndexes": [{"IndexName": "byGk", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}],
                                                "Projection": {"ProjectionType": "ALL"}}],
                    "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
                    "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": true},
                    "Replicas": [{"Region": {"Ref": "AWS::Region"}}]}}},
                 "Outputs": {"Stream": {"Value": {"Fn::GetAtt": ["Things", "StreamArn"]}}}}""");
        var table = cloud.dynamoDb.describeTable(b -> b.tableName("things-v2")).table();
        assertThat(table.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byGk");
        assertThat(result.deployment().outputs()).containsEntry("V2.Stream", table.latestStreamArn());
        assertThat(cloud.dynamoDb.describeTimeToLive(b -> b.tableName("things-v2")).timeToLiveDescription().attributeName())
                .isEqualTo("ttl");
    }

    @Test
    void tableWithoutBillingModeIsProvisionedAsCloudFormationsDefault() {
        provision("Legacy", """
                {"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "legacy",
                  "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                  "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}}}}}""");
        var table = cloud.dynamoDb.describeTable(b -> b.tableName("legacy")).table();
        assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
        assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
    }

    @Test
    void existingTableWithoutTheStreamTheTemplateAsksForIsAClearError() {
        cloud.dynamoDb.createTable(b -> b.tableName("streamless").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        assertThatThrownBy(() -> provision("Kept", """
                {"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "streamless",
                  "BillingMode": "PAY_PER_REQUEST", "StreamSpecification": {"StreamViewType": "KEYS_ONLY"},
                  "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}}}"""))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("Kept/T").hasMessageContaining("without a stream");
    }

    @Test
    void existingTableIsReusedAndGetsTheTimeToLiveTheTemplateAsksFor() {
        cloud.dynamoDb.createTable(b -> b.tableName("kept-ttl").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        ProvisionResult result = provision("KeptTtl", """
                {"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "kept-ttl",
                  "BillingMode": "PAY_PER_REQUEST", "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": true},
                  "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}}}""");
        assertThat(result.summary().resources()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(ProvisionedResource.Outcome.REUSED));
        assertThat(cloud.dynamoDb.describeTimeToLive(b -> b.tableName("kept-ttl")).timeToLiveDescription().attributeName())
                .isEqualTo("expiresAt");
    }

    @Test
    void fifoTopicWithInlineSubscriptionToAFifoQueue() {
        ProvisionResult result = provision("Fifo", """
                {"Resources": {
                  "Q": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": true, "ContentBasedDeduplication": true}},
                  "T": {"Type": "AWS::SNS::Topic", "Properties": {"FifoTopic": true, "ContentBasedDeduplication": true,
                        "Subscription": [{"Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}}]}}},
                 "Outputs": {"TopicName": {"Value": {"Fn::GetAtt": ["T", "TopicName"]}}, "QueueUrl": {"Value": {"Ref": "Q"}}}}""");
        String topicName = result.deployment().outputs().get("Fifo.TopicName");
        assertThat(topicName).matches("Fifo-T-[A-Z0-9]{12}\\.fifo");
        String topicArn = "arn:aws:sns:us-east-1:000000000000:" + topicName;
        assertThat(cloud.sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes()).containsEntry("FifoTopic", "true");
        assertThat(cloud.sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions())
                .singleElement().satisfies(s -> assertThat(s.endpoint())
                        .matches("arn:aws:sqs:us-east-1:000000000000:Fifo-Q-[A-Z0-9]{12}\\.fifo"));
        assertThat(result.deployment().outputs().get("Fifo.QueueUrl")).endsWith(".fifo");
    }

    @Test
    void subscriptionFilteringOnTheBodyWithARedrivePolicyDeliversOnlyMatchingBodies() {
        ProvisionResult result = provision("Body", """
                {"Resources": {
                  "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "body-dlq"}},
                  "Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "body-filtered"}},
                  "T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "bodies"}},
                  "S": {"Type": "AWS::SNS::Subscription", "Properties": {"Protocol": "sqs", "TopicArn": {"Ref": "T"},
                        "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}, "RawMessageDelivery": true,
                        "FilterPolicyScope": "MessageBody", "FilterPolicy": {"kind": ["wanted"]},
                        "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}}}}}}""");
        String subscription = result.summary().resources().stream().filter(r -> r.type().equals("AWS::SNS::Subscription"))
                .findFirst().orElseThrow().physicalId();
        Map<String, String> attributes = cloud.sns.getSubscriptionAttributes(b -> b.subscriptionArn(subscription)).attributes();
        assertThat(attributes).containsEntry("FilterPolicyScope", "MessageBody").containsEntry("RawMessageDelivery", "true");
        assertThat(attributes.get("RedrivePolicy")).contains("arn:aws:sqs:us-east-1:000000000000:body-dlq");

        String topic = "arn:aws:sns:us-east-1:000000000000:bodies";
        cloud.sns.publish(b -> b.topicArn(topic).message("{\"kind\": \"unwanted\"}"));
        cloud.sns.publish(b -> b.topicArn(topic).message("{\"kind\": \"wanted\"}"));
        String url = cloud.sqs.getQueueUrl(b -> b.queueName("body-filtered")).queueUrl();
        var received = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                () -> cloud.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages(),
                messages -> !messages.isEmpty());
        assertThat(received).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{\"kind\": \"wanted\"}"));
    }

    @Test
    void provisioningAgainBringsSubscriptionAttributesToTheTemplates() {
        String template = """
                {"Resources": {
                  "Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "filtered"}},
                  "T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "filtering"}},
                  "S": {"Type": "AWS::SNS::Subscription", "Properties": {"Protocol": "sqs", "TopicArn": {"Ref": "T"},
                        "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}, "RawMessageDelivery": "true",
                        "FilterPolicy": {"type": ["%s"]}}}}}""";
        ProvisionResult first = provision("Subs", template.formatted("a"));
        ProvisionResult second = provision("Subs", template.formatted("b"));
        String arn = second.summary().resources().stream().filter(r -> r.type().equals("AWS::SNS::Subscription"))
                .findFirst().orElseThrow().physicalId();
        assertThat(first.summary().resources()).extracting(ProvisionedResource::physicalId).contains(arn);
        assertThat(cloud.sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes().get("FilterPolicy"))
                .contains("\"b\"");
        assertThat(cloud.sns.listSubscriptionsByTopic(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:filtering"))
                .subscriptions()).hasSize(1);
    }

    @Test
    void apiStageComesFromTheDeploymentWhenThereIsNoStageResourceAndProxyRoutesKeepTheirPath() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("code.jar"), "stand-in");
        ProvisionResult result = provision("Proxy", """
                {"Resources": {
                  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "proxy-fn", "Handler": "a.B",
                         "Runtime": "java21", "Code": {"S3Bucket": "b", "S3Key": "code.jar"}},
                         "Metadata": {"aws:asset:path": "code.jar", "aws:asset:property": "Code"}},
                  "V": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
                  "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "proxy"}},
                  "Any": {"Type": "AWS::ApiGateway::Resource", "Properties": {"RestApiId": {"Ref": "Api"},
                          "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "{proxy+}"}},
                  "AnyMethod": {"Type": "AWS::ApiGateway::Method", "Properties": {"RestApiId": {"Ref": "Api"},
                          "ResourceId": {"Ref": "Any"}, "HttpMethod": "ANY", "AuthorizationType": "NONE",
                          "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                            "Uri": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${V}/invocations"}}}},
                  "RootMethod": {"Type": "AWS::ApiGateway::Method", "Properties": {"RestApiId": {"Ref": "Api"},
                          "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET", "AuthorizationType": "NONE",
                          "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                            "Uri": {"Fn::Join": ["", ["arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
                                   {"Fn::GetAtt": ["Fn", "Arn"]}, "/invocations"]]}}}},
                  "Dep": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["AnyMethod", "RootMethod"],
                          "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "beta"}}},
                 "Outputs": {"Version": {"Value": {"Fn::GetAtt": ["V", "Version"]}}}}""");
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:proxy-fn";
        assertThat(result.deployment().apis()).singleElement().satisfies(api -> {
            assertThat(api.stageName()).isEqualTo("beta");
            assertThat(api.routes()).containsExactly(new ApiRoute("GET", "/", arn, java.util.List.of()),
                    new ApiRoute("ANY", "/{proxy+}", arn, java.util.List.of()));
        });
        assertThat(result.deployment().outputs()).containsEntry("Proxy.Version", "1");
    }

    /** A REST API whose POST validates bodies with {@code models} and whose responses are {@code responses}. */
    private static String validatedApi(String requestModels, String extraResources) {
        return """
                {"Resources": {
                  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "models-fn", "Handler": "a.B",
                         "Runtime": "java21", "Code": {"S3Bucket": "b", "S3Key": "code.jar"}},
                         "Metadata": {"aws:asset:path": "code.jar", "aws:asset:property": "Code"}},
                  "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "models"}},
                  "Validator": {"Type": "AWS::ApiGateway::RequestValidator", "Properties": {"RestApiId": {"Ref": "Api"},
                          "ValidateRequestBody": true, "ValidateRequestParameters": false}},
                  "Pets": {"Type": "AWS::ApiGateway::Resource", "Properties": {"RestApiId": {"Ref": "Api"},
                          "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "pets"}},
                  "Post": {"Type": "AWS::ApiGateway::Method", "Properties": {"RestApiId": {"Ref": "Api"},
                          "ResourceId": {"Ref": "Pets"}, "HttpMethod": "POST", "AuthorizationType": "NONE",
                          "RequestValidatorId": {"Ref": "Validator"}, "RequestModels": %s,
                          "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                            "Uri": {"Fn::Join": ["", ["arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
                                   {"Fn::GetAtt": ["Fn", "Arn"]}, "/invocations"]]}}}},
                  "Dep": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["Post"],
                          "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "v1"}}%s}}""".formatted(requestModels, extraResources);
    }

    @Test
    void requestModelsAreReadByNameOrAsABuiltInAndGatewayResponsesWithTheirQuotedHeaders() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("code.jar"), "stand-in");
        ProvisionResult result = provision("Models", validatedApi("""
                {"application/json": {"Ref": "Pet"}, "$default": "Empty"}""", """
                ,
                  "Pet": {"Type": "AWS::ApiGateway::Model", "Properties": {"RestApiId": {"Ref": "Api"}, "Name": "Pet",
                          "ContentType": "application/json",
                          "Schema": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}},
                  "NotFound": {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": {"RestApiId": {"Ref": "Api"},
                          "ResponseType": "MISSING_AUTHENTICATION_TOKEN", "StatusCode": "404",
                          "ResponseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
                          "ResponseTemplates": {"application/json": "{\\"error\\": $context.error.messageString}"}}}"""));

        assertThat(result.deployment().apis()).singleElement().satisfies(api -> {
            assertThat(api.routes()).singleElement().satisfies(route -> {
                assertThat(route.requestModels()).containsOnlyKeys("application/json", "$default");
                assertThat(route.requestModels().get("application/json")).contains("\"required\":[\"name\"]");
                assertThat(route.requestModels().get("$default")).contains("Empty Schema");
            });
            assertThat(api.gatewayResponses()).singleElement().satisfies(r -> {
                assertThat(r.responseType()).isEqualTo("MISSING_AUTHENTICATION_TOKEN");
                assertThat(r.statusCode()).contains("404");
                assertThat(r.responseParameters()).containsEntry("gatewayresponse.header.Access-Control-Allow-Origin", "'*'");
                assertThat(r.responseTemplates()).containsEntry("application/json", "{\"error\": $context.error.messageString}");
            });
        });
        assertThat(result.summary().skipped()).doesNotContainKeys("AWS::ApiGateway::Model", "AWS::ApiGateway::GatewayResponse");
    }

    @Test
    void aMethodNamingAModelTheApiDoesNotHaveIsRefusedWithTheModelsItCouldUse() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("code.jar"), "stand-in");

        assertThatThrownBy(() -> provision("Unknown", validatedApi("{\"application/json\": \"Nope\"}", "")))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("request model Nope for application/json")
                .hasMessageContaining("models it can use: [Empty, Error]");
    }

    @Test
    void twoGatewayResponsesOfOneTypeAreRefusedAsApiGatewayKeepsOne() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("code.jar"), "stand-in");
        String twice = """
                ,
                  "A": {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": {"RestApiId": {"Ref": "Api"}, "ResponseType": "DEFAULT_4XX"}},
                  "B": {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": {"RestApiId": {"Ref": "Api"}, "ResponseType": "DEFAULT_4XX"}}""";

        assertThatThrownBy(() -> provision("Twice", validatedApi("{}", twice)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("already has a gateway response of type DEFAULT_4XX");
    }

    @Test
    void eventInvokeConfigOfAnAliasGivesItsFunctionRetriesAgeAndDestinations() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("code.jar"), "stand-in");
        ProvisionResult result = provision("Async", """
                {"Resources": {
                  "Failed": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "async-failed"}},
                  "Done": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "async-done"}},
                  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "async-fn", "Handler": "a.B",
                         "Runtime": "java21", "Code": {"S3Bucket": "b", "S3Key": "code.jar"}, "MemorySize": 2048, "Timeout": 900},
                         "Metadata": {"aws:asset:path": "code.jar", "aws:asset:property": "Code"}},
                  "Live": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Fn"}, "FunctionVersion": "$LATEST", "Name": "live"}},
                  "Config": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {"FunctionName": {"Ref": "Fn"},
                         "Qualifier": "live", "MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 120,
                         "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["Failed", "Arn"]}},
                                               "OnSuccess": {"Destination": {"Ref": "Done"}}}}}},
                 "Outputs": {"Alias": {"Value": {"Ref": "Live"}}}}""");
        assertThat(result.deployment().functions()).singleElement().satisfies(f -> {
            assertThat(f.memoryMb()).isEqualTo(2048);
            assertThat(f.timeout()).isEqualTo(java.time.Duration.ofMinutes(15));
            assertThat(f.async()).isEqualTo(new dev.ferry.local.deployment.AsyncInvokeConfig(1, java.time.Duration.ofMinutes(2),
                    java.util.Optional.of("arn:aws:sns:us-east-1:000000000000:async-done"),
                    java.util.Optional.of("arn:aws:sqs:us-east-1:000000000000:async-failed")));
        });
        assertThat(result.deployment().outputs()).containsEntry("Async.Alias", "arn:aws:lambda:us-east-1:000000000000:function:async-fn:live");
    }

    @Test
    void unknownAttributeOfAKnownTypeIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> provision("Attr", """
                {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "attr"}}},
                 "Outputs": {"X": {"Value": {"Fn::GetAtt": ["Q", "Owner"]}}}}"""))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("Q.Owner").hasMessageContaining("AWS::SQS::Queue")
                .hasMessageContaining("[Arn, QueueName, QueueUrl]");
    }
}
