package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Which error AWS reports when a request has something wrong with it and its table is missing, or when several
 * things are wrong: the request is checked in full before the table is looked up, member constraints are
 * reported together, and the rest comes one at a time in a fixed order. Expected answers are recorded on DynamoDB:
 * dynalite's suite (https://github.com/architect/dynalite/tree/main/test) and dynamodb-conformance's
 * (https://github.com/paritysuite/dynamodb-conformance/tree/main/tests/tier3/validation-ordering, captured 2026).
 */
class ValidationOrderTest extends ConformanceTest {

    @Test
    void aMalformedTableNameIsAValidationErrorEvenWhenNoSuchTableExists() {
        // Recorded: architect/dynalite test/getItem.js "should return ValidationException for short TableName"
        assertValidationError(() -> dynamodb.getItem(b -> b.tableName("a;").key(item("id", s("x")))))
                .hasMessageStartingWith("2 validation errors detected: ")
                .hasMessageContaining("Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
                .hasMessageContaining("Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
    }

    @Test
    void aBadAttributeValueIsAValidationErrorEvenWhenNoSuchTableExists() {
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException for invalid values in Item" (on the
        //   nonexistent table "abc")
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(uniqueName("missing"))
                .item(item("id", s("x"), "n", AttributeValue.fromNs(List.of())))))
                .hasMessageContaining("One or more parameter values were invalid: An number set  may not be empty");
    }

    @Test
    void aMalformedExpressionIsAValidationErrorEvenWhenNoSuchTableExists() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/deepRequests.test.ts 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"'
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(uniqueName("missing"))
                .item(item("id", s("x"))).conditionExpression("a = = b")))
                .hasMessageContaining("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = b\"");
    }

    @Test
    void anItemTooLargeIsAValidationErrorEvenWhenNoSuchTableExists() {
        // Recorded: architect/dynalite test/batchWriteItem.js "should return ValidationException if item is too big with small
        //   attribute" (on the nonexistent table "aaa")
        String big = "x".repeat(400 * 1024);
        assertValidationError(() -> dynamodb.putItem(b -> b.tableName(uniqueName("missing")).item(item("id", s("x"), "b", s(big)))))
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
    }

    @Test
    void everyFailedMemberConstraintIsReportedInOneMessageInAwsOrder() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/updateItem.test.ts "joins the enums, an empty table name and the missing key in member order"
        assertValidationError(() -> dynamodb.updateItem(b -> b.tableName("").updateExpression("SET a = :a")
                .expressionAttributeValues(Map.of(":a", s("x"))).returnConsumedCapacity("INVALID").returnValues("INVALID")))
                .hasMessageContaining("4 validation errors detected: "
                        + "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
                        + "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                        + "Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
                        + "Value null at 'key' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void itemOperationsOnAMissingTableAreResourceNotFoundWithTheBareSentence() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/getItem.test.ts, batchWriteItem.test.ts ("Requested resource not found")
        assertFailsWith("ResourceNotFoundException", () -> dynamodb.getItem(b -> b.tableName(uniqueName("missing")).key(item("id", s("x")))))
                .hasMessageStartingWith("Requested resource not found (Service");
        assertFailsWith("ResourceNotFoundException", () -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(uniqueName("missing"),
                List.of(WriteRequest.builder().putRequest(p -> p.item(item("id", s("x")))).build())))))
                .hasMessageStartingWith("Requested resource not found (Service");
    }

    @Test
    void tableOperationsOnAMissingTableNameTheTable() {
        // Recorded: architect/dynalite test/describeTable.js "should return ResourceNotFoundException if table does not exist"
        String name = uniqueName("missing");
        assertFailsWith("ResourceNotFoundException", () -> dynamodb.describeTable(b -> b.tableName(name)))
                .hasMessageStartingWith("Requested resource not found: Table: " + name + " not found");
    }

    @Test
    void batchWriteLooksForItsTablesBeforeItLooksForDuplicateKeys() {
        // Recorded: architect/dynalite test/batchWriteItem.js "should check table exists first before checking for duplicate keys"
        Map<String, AttributeValue> key = item("id", s("dup"));
        assertFailsWith("ResourceNotFoundException", () -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(uniqueName("missing"), List.of(
                WriteRequest.builder().putRequest(p -> p.item(key)).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(key)).build())))));
        String table = hashTable("dups");
        assertValidationError(() -> dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(p -> p.item(key)).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(key)).build())))))
                .hasMessageContaining("Provided list of item keys contains duplicates");
    }

    @Test
    void batchWriteReportsAnUnknownEnumAloneOverAMalformedTableName() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/batchOperations.test.ts
        assertValidationError(() -> dynamodb.batchWriteItem(b -> b.returnConsumedCapacity("BOGUS").requestItems(Map.of("bad!name",
                List.of(WriteRequest.builder().putRequest(p -> p.item(item("pk", s("x")))).build())))))
                .hasMessageStartingWith("1 validation error detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [INDEXES, TOTAL, NONE] (Service");
    }

    @Test
    void batchGetReportsAMalformedTableNameAndAnUnknownEnumTogether() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/batchOperations.test.ts
        assertValidationError(() -> dynamodb.batchGetItem(b -> b.returnConsumedCapacity("BOGUS").requestItems(Map.of("bad!name",
                KeysAndAttributes.builder().keys(item("pk", s("a"))).build()))))
                .hasMessageStartingWith("2 validation errors detected: Value '{\"bad!name\":{\"Keys\":[{\"pk\":{\"S\":\"a\"}}]}}' at 'requestItems' "
                        + "failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
                        + "Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]; "
                        + "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
    }

    @Test
    void aTransactionChecksEveryActionsExpressionsBeforeItLooksAnyTableUp() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/transactions.test.ts: a later malformed condition beats an earlier missing table,
        // an unused value beats both
        String table = hashTable("txorder");
        TransactWriteItem missingTable = TransactWriteItem.builder().put(p -> p.tableName(uniqueName("missing")).item(item("id", s("a")))).build();
        assertValidationError(() -> dynamodb.transactWriteItems(b -> b.transactItems(missingTable,
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("id", s("b")))
                        .conditionExpression("attribute_not_exists(")).build())))
                .hasMessageContaining("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\"");
        assertValidationError(() -> dynamodb.transactWriteItems(b -> b.transactItems(missingTable,
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("id", s("b")))
                        .conditionExpression("attribute_not_exists(id)").expressionAttributeValues(Map.of(":v", s("x")))).build())))
                .hasMessageContaining("Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}");
    }

    @Test
    void createTableReportsGlobalIndexProblemsBeforeLocalOnes() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/createTable.test.ts "lists the GSI error before the LSI error when the request lists the LSI first"
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName(uniqueName("idxnames")).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S))
                .keySchema(hash("pk"), range("sk"))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("l1").keySchema(hash("pk"), range("lr"))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("g1").keySchema(hash("gh"))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())))
                .hasMessageContaining("2 validation errors detected: "
                        + "Value 'g1' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3; "
                        + "Value 'l1' at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3");
    }

    @Test
    void anUnknownEnumOfATransactionIsReportedBeforeItsMissingTable() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/transactions.test.ts "reports an unknown ReturnConsumedCapacity ahead of a missing table"
        assertThat(catchMessage(() -> dynamodb.transactWriteItems(b -> b.returnConsumedCapacity("BOGUS").transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(uniqueName("missing")).item(item("id", s("a")))).build()))))
                .startsWith("1 validation error detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
    }

    private static String catchMessage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return ((software.amazon.awssdk.services.dynamodb.model.DynamoDbException) org.assertj.core.api.Assertions.catchThrowable(call))
                .awsErrorDetails().errorMessage();
    }
}
