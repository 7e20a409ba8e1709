package dev.ferry.local.dynamodb.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.dynamodb.ApiException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the legacy front end hands the operations: the expression requests the legacy ones mean. */
class LegacyTranslationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The request the operation receives. */
    private static JsonNode translated(String operation, String request) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        LegacyParameters.run(operation, json(request), r -> {
            seen.set(r);
            return json("{}");
        });
        return seen.get();
    }

    @Test
    void aRequestWithoutLegacyParametersReachesTheOperationUntouched() {
        JsonNode request = json("{'TableName': 't', 'Key': {'id': {'S': '1'}}, 'ProjectionExpression': 'a'}");
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        LegacyParameters.run("GetItem", request, r -> {
            seen.set(r);
            return r;
        });
        assertThat(seen.get()).isSameAs(request);
    }

    @Test
    void expectedBecomesAConditionExpressionOnPlaceholders() {
        JsonNode out = translated("PutItem", """
                {'TableName': 't', 'Item': {'id': {'S': '1'}}, 'ConditionalOperator': 'OR', 'Expected': {
                  'a.b': {'ComparisonOperator': 'NOT_CONTAINS', 'AttributeValueList': [{'S': 'x'}]},
                  'size': {'Exists': false}}}""");
        assertThat(out.get("ConditionExpression").textValue())
                .isEqualTo("(attribute_exists(#n0) AND NOT contains(#n0, :v0)) OR attribute_not_exists(#n1)");
        assertThat(out.get("ExpressionAttributeNames")).isEqualTo(json("{'#n0': 'a.b', '#n1': 'size'}"));
        assertThat(out.get("ExpressionAttributeValues")).isEqualTo(json("{':v0': {'S': 'x'}}"));
        assertThat(out.has("Expected")).isFalse();
        assertThat(out.has("ConditionalOperator")).isFalse();
    }

    @Test
    void attributeUpdatesBecomeOneUpdateExpression() {
        JsonNode out = translated("UpdateItem", """
                {'TableName': 't', 'Key': {'id': {'S': '1'}}, 'AttributeUpdates': {
                  'p': {'Value': {'S': 'x'}},
                  'gone': {'Action': 'DELETE'},
                  'count': {'Action': 'ADD', 'Value': {'N': '1'}},
                  'log': {'Action': 'ADD', 'Value': {'L': [{'N': '1'}]}},
                  'tags': {'Action': 'DELETE', 'Value': {'SS': ['a']}}}}""");
        assertThat(out.get("UpdateExpression").textValue()).isEqualTo(
                "SET #n0 = :v0, #n3 = list_append(if_not_exists(#n3, :v3), :v2) REMOVE #n1 ADD #n2 :v1 DELETE #n4 :v4");
        assertThat(out.get("ExpressionAttributeValues").get(":v3")).isEqualTo(json("{'L': []}"));
    }

    @Test
    void keyConditionsNextToAFilterExpressionStayClearOfItsPlaceholders() {
        JsonNode out = translated("Query", """
                {'TableName': 't', 'FilterExpression': '#n0 = :v0',
                 'ExpressionAttributeNames': {'#n0': 'colour'}, 'ExpressionAttributeValues': {':v0': {'S': 'red'}},
                 'KeyConditions': {'pk': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'p'}]}}}""");
        assertThat(out.get("KeyConditionExpression").textValue()).isEqualTo("#n1 = :v1");
        assertThat(out.get("FilterExpression").textValue()).isEqualTo("#n0 = :v0");
        assertThat(out.get("ExpressionAttributeNames")).isEqualTo(json("{'#n0': 'colour', '#n1': 'pk'}"));
    }

    @Test
    void aLongInListBecomesSeveralInsAnExpressionCanHold() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 150; i++) values.append(i == 0 ? "" : ",").append("{'N': '").append(i).append("'}");
        JsonNode out = translated("Scan", "{'TableName': 't', 'ScanFilter': {'n': {'ComparisonOperator': 'IN', 'AttributeValueList': ["
                + values + "]}}}");
        String filter = out.get("FilterExpression").textValue();
        assertThat(filter).startsWith("(#n0 IN (:v0, ").contains(":v98) OR #n0 IN (:v99, ").endsWith(":v149))");
    }

    @Test
    void errorsTheExpressionFormWordsDifferentlyGetTheLegacyWording() {
        JsonNode request = json("{'TableName': 't', 'Key': {'id': {'S': '1'}}, 'AttributeUpdates': {'n': {'Action': 'ADD', 'Value': {'N': '1'}}}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> LegacyParameters.run("UpdateItem", request, r -> {
            throw ApiException.validation("An operand in the update expression has an incorrect data type");
        }));
        assertThat(e.getMessage()).isEqualTo("Type mismatch for attribute to update");
        assertThat(e.code()).isEqualTo("ValidationException");
    }

    @Test
    void aMissingTableNameIsReportedWithTheLegacyMembersConstraintErrors() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> translated("Scan", "{'ScanFilter': {'a': {}}}"));
        assertThat(e.getMessage()).isEqualTo("2 validation errors detected: "
                + "Value null at 'tableName' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'scanFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void aMemberOfTheWrongJsonTypeIsASerializationError() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> translated("Scan", "{'TableName': 't', 'ScanFilter': ['not', 'a', 'map']}"));
        assertThat(e.code()).isEqualTo("SerializationException");
        assertThat(e.getMessage()).contains("ScanFilter");
    }
}
