package dev.ferry.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Intrinsic functions as CDK emits them, resolved against a stack whose resources already exist. */
class IntrinsicsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Resources of the template below as they would exist on an endpoint. */
    private static final Map<String, Map<String, String>> EXISTING = Map.of(
            "OrdersTable315BB997", Map.of("Ref", "FerryData-OrdersTable315BB997-ABC",
                    "Arn", "arn:aws:dynamodb:us-east-1:000000000000:table/FerryData-OrdersTable315BB997-ABC",
                    "StreamArn", "arn:aws:dynamodb:us-east-1:000000000000:table/FerryData-OrdersTable315BB997-ABC/stream/2026-11-30T10:00:00.000"),
            "DeadLetters8A2F1C3B", Map.of("Ref", "http://127.0.0.1:9324/000000000000/dead-letters",
                    "Arn", "arn:aws:sqs:us-east-1:000000000000:dead-letters"));

    private static final String TEMPLATE = """
            {
              "Parameters": {
                "Stage": {"Type": "String", "Default": "dev"},
                "Zones": {"Type": "CommaDelimitedList", "Default": "a, b"},
                "BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"}
              },
              "Mappings": {"Sizes": {"dev": {"Memory": 512}}},
              "Conditions": {
                "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
                "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
                "CDKMetadataAvailable": {"Fn::Or": [
                  {"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]},
                  {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}]},
                "DevInUsEast": {"Fn::And": [{"Condition": "IsDev"}, {"Condition": "CDKMetadataAvailable"}]}
              },
              "Resources": {
                "OrdersTable315BB997": {"Type": "AWS::DynamoDB::Table"},
                "DeadLetters8A2F1C3B": {"Type": "AWS::SQS::Queue"},
                "ProdOnlyQueue": {"Type": "AWS::SQS::Queue", "Condition": "IsProd"}
              }
            }
            """;

    private final JsonNode template = json(TEMPLATE);
    private final Intrinsics intrinsics = new Intrinsics(template, PseudoParameters.local("us-east-1", "FerryData"),
            new References(), name -> name.equals("FerryData:ExportsOutputRefOrders") ? Optional.of("orders-table") : Optional.empty(),
            Map.of());

    private JsonNode resolve(String json) {
        return intrinsics.resolve(json(json));
    }

    @Test
    void pseudoParametersHaveTheLocalAccountAndAwsPartition() {
        assertThat(resolve("""
                {"Fn::Join": [":", [{"Ref": "AWS::Partition"}, {"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"},
                 {"Ref": "AWS::URLSuffix"}, {"Ref": "AWS::StackName"}]]}""").asText())
                .isEqualTo("aws:us-east-1:000000000000:amazonaws.com:FerryData");
    }

    @Test
    void refOfAResourceIsItsPhysicalIdAndGetAttReadsItsAttributes() {
        assertThat(resolve("{\"Ref\": \"DeadLetters8A2F1C3B\"}").asText()).isEqualTo("http://127.0.0.1:9324/000000000000/dead-letters");
        assertThat(resolve("{\"Fn::GetAtt\": [\"OrdersTable315BB997\", \"StreamArn\"]}").asText()).endsWith("/stream/2026-11-30T10:00:00.000");
        assertThat(resolve("{\"Fn::GetAtt\": \"DeadLetters8A2F1C3B.Arn\"}").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:dead-letters");
    }

    @Test
    void parametersTakeTheirDefaultsAndListParametersSplitOnCommas() {
        assertThat(resolve("{\"Ref\": \"Stage\"}").asText()).isEqualTo("dev");
        assertThat(resolve("{\"Ref\": \"Zones\"}")).isEqualTo(json("[\"a\", \"b\"]"));
    }

    @Test
    void givenParameterValuesWinOverDefaults() {
        Intrinsics prod = new Intrinsics(template, PseudoParameters.local("us-east-1", "FerryData"), new References(),
                name -> Optional.empty(), Map.of("Stage", "prod"));
        assertThat(prod.condition("IsProd")).isTrue();
        assertThat(prod.condition("IsDev")).isFalse();
    }

    @Test
    void subReplacesPseudoParametersRefsAttributesAndLocalVariablesAndKeepsEscapes() {
        assertThat(resolve("{\"Fn::Sub\": \"cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}\"}").asText())
                .isEqualTo("cdk-hnb659fds-assets-000000000000-us-east-1");
        assertThat(resolve("{\"Fn::Sub\": \"${OrdersTable315BB997}|${DeadLetters8A2F1C3B.Arn}|${!Literal}\"}").asText())
                .isEqualTo("FerryData-OrdersTable315BB997-ABC|arn:aws:sqs:us-east-1:000000000000:dead-letters|${Literal}");
        assertThat(resolve("""
                {"Fn::Sub": ["${Name}-${Stage}", {"Name": {"Fn::Select": [0, {"Fn::Split": ["-", "ferry-api"]}]}}]}""").asText())
                .isEqualTo("ferry-dev");
    }

    @Test
    void selectAndSplitTakeTheNameOutOfAnArnAsCdkDoes() {
        assertThat(resolve("""
                {"Fn::Select": [5, {"Fn::Split": [":", {"Fn::GetAtt": ["DeadLetters8A2F1C3B", "Arn"]}]}]}""").asText())
                .isEqualTo("dead-letters");
        assertThat(resolve("{\"Fn::Select\": [\"1\", [\"a\", \"b\"]]}").asText()).isEqualTo("b");
    }

    @Test
    void selectOutOfBoundsIsAnError() {
        assertThatThrownBy(() -> resolve("{\"Fn::Select\": [2, [\"a\", \"b\"]]}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("index 2").hasMessageContaining("list of 2");
    }

    @Test
    void importValueReadsTheExportOfAnEarlierStack() {
        assertThat(resolve("{\"Fn::ImportValue\": \"FerryData:ExportsOutputRefOrders\"}").asText()).isEqualTo("orders-table");
        assertThatThrownBy(() -> resolve("{\"Fn::ImportValue\": \"Nope\"}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'Nope'").hasMessageContaining("exports");
    }

    @Test
    void conditionsCombineWithAndOrNotAndNamedConditions() {
        assertThat(intrinsics.condition("IsProd")).isFalse();
        assertThat(intrinsics.condition("IsDev")).isTrue();
        assertThat(intrinsics.condition("CDKMetadataAvailable")).isTrue();
        assertThat(intrinsics.condition("DevInUsEast")).isTrue();
    }

    @Test
    void ifPicksTheBranchOfItsConditionAndNoValueRemovesTheProperty() {
        JsonNode properties = resolve("""
                {"VisibilityTimeout": {"Fn::If": ["IsProd", 300, 30]},
                 "KmsMasterKeyId": {"Fn::If": ["IsProd", "alias/aws/sqs", {"Ref": "AWS::NoValue"}]},
                 "Tags": [{"Fn::If": ["IsDev", {"Ref": "AWS::NoValue"}, {"Key": "a", "Value": "b"}]}, {"Key": "c", "Value": "d"}]}""");
        assertThat(properties.get("VisibilityTimeout").asInt()).isEqualTo(30);
        assertThat(properties.has("KmsMasterKeyId")).isFalse();
        assertThat(properties.get("Tags")).hasSize(1);
    }

    @Test
    void refToAResourceWhoseConditionIsFalseIsAClearError() {
        assertThatThrownBy(() -> resolve("{\"Ref\": \"ProdOnlyQueue\"}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("ProdOnlyQueue").hasMessageContaining("Condition is false");
    }

    @Test
    void unknownNamesAreErrorsNamingThem() {
        assertThatThrownBy(() -> resolve("{\"Ref\": \"Missing\"}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'Missing'");
        assertThatThrownBy(() -> resolve("{\"Fn::GetAtt\": [\"Missing\", \"Arn\"]}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Missing.Arn");
        assertThatThrownBy(() -> resolve("{\"Fn::Transform\": {}}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Fn::Transform");
    }

    @Test
    void findInMapBase64GetAzsAndToJsonString() {
        assertThat(resolve("{\"Fn::FindInMap\": [\"Sizes\", {\"Ref\": \"Stage\"}, \"Memory\"]}").asInt()).isEqualTo(512);
        assertThat(resolve("{\"Fn::Base64\": \"hi\"}").asText()).isEqualTo("aGk=");
        assertThat(resolve("{\"Fn::Select\": [0, {\"Fn::GetAZs\": \"\"}]}").asText()).isEqualTo("us-east-1a");
        assertThat(resolve("{\"Fn::ToJsonString\": {\"deadLetterTargetArn\": {\"Fn::GetAtt\": [\"DeadLetters8A2F1C3B\", \"Arn\"]}}}").asText())
                .isEqualTo("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dead-letters\"}");
    }

    @Test
    void plainObjectsAndListsAreResolvedDeeply() {
        JsonNode redrive = resolve("""
                {"RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["DeadLetters8A2F1C3B", "Arn"]}, "maxReceiveCount": 3}}""");
        assertThat(redrive.get("RedrivePolicy").get("deadLetterTargetArn").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:dead-letters");
        assertThat(redrive.get("RedrivePolicy").get("maxReceiveCount").asInt()).isEqualTo(3);
    }

    private final class References implements ResourceReferences {
        @Override
        public boolean exists(String logicalId) {
            JsonNode condition = template.path("Resources").path(logicalId).path("Condition");
            return template.path("Resources").has(logicalId)
                    && (condition.isMissingNode() || intrinsics.condition(condition.asText()));
        }

        @Override
        public JsonNode ref(String logicalId) {
            return TextNode.valueOf(EXISTING.get(logicalId).get("Ref"));
        }

        @Override
        public JsonNode getAtt(String logicalId, String attribute) {
            return TextNode.valueOf(EXISTING.get(logicalId).get(attribute));
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
