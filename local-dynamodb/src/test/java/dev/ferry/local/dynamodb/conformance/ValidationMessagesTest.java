package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * AWS's wording of the common validation errors, each as recorded on DynamoDB: dynalite's suite
 * (https://github.com/architect/dynalite/tree/main/test) and dynamodb-conformance's
 * (https://github.com/paritysuite/dynamodb-conformance/tree/main/tests/tier3/error-messages).
 */
class ValidationMessagesTest extends ConformanceTest {

    private static String message(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(DynamoDbException.class);
        return ((DynamoDbException) thrown).awsErrorDetails().errorMessage();
    }

    private static String validation(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertValidationError(call);
        return message(call);
    }

    @Test
    void tableNamesOfTheWrongLengthOrCharacters() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/createTable.test.ts ('ab'), error-messages/putItem.test.ts
        //   (256 characters, the pattern); AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-naming-rules-tables-secondary-indexes
        assertThat(validation(() -> dynamodb.getItem(b -> b.tableName("x").key(item("id", s("a"))))))
                .isEqualTo("1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
        String long256 = "a".repeat(256);
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(long256).item(item("pk", s("test"))))))
                .isEqualTo("1 validation error detected: Value '" + long256 + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName("bad table!@#").item(item("pk", s("test"))))))
                .isEqualTo("1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        assertThat(validation(() -> dynamodb.createTable(b -> b.tableName("ab").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(hash("pk")))))
                .isEqualTo("1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
    }

    @Test
    void aMissingTableNameOfATableOperationIsARequiredParameter() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/createTable.test.ts "missing TableName: full required-parameter error";
        //   architect/dynalite test/describeTable.js "should return ValidationException for no TableName"
        assertThat(validation(() -> dynamodb.createTable(b -> b.billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(hash("pk")))))
                .isEqualTo("The parameter 'TableName' is required but was not present in the request");
        assertThat(validation(() -> dynamodb.describeTable(b -> { })))
                .isEqualTo("The parameter 'TableName' is required but was not present in the request");
        // an item operation reports it as a member constraint instead
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/putItem.test.ts
        assertThat(validation(() -> dynamodb.putItem(b -> b.item(item("pk", s("test"))))))
                .isEqualTo("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void keysThatDoNotMatchTheSchema() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/getItem.test.ts "malformed Key (missing range key on composite table)"
        String table = hashRangeTable("keymismatch");
        assertThat(validation(() -> dynamodb.getItem(b -> b.tableName(table).key(item("pk", s("test"))))))
                .isEqualTo("The provided key element does not match the schema");
        assertThat(validation(() -> dynamodb.getItem(b -> b.tableName(table).key(item("pk", s("test"), "sk", s("1"))))))
                .isEqualTo("The provided key element does not match the schema");
    }

    @Test
    void emptyStringsAndBinariesInKeys() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/getItem.test.ts, batchWriteItem.test.ts (empty key values)
        String table = hashTable("emptykey");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s(""))))))
                .isEqualTo("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id");
        String binary = createTable("emptybin", b -> b.attributeDefinitions(attr("pk", ScalarAttributeType.B)).keySchema(hash("pk")));
        assertThat(validation(() -> dynamodb.getItem(b -> b.tableName(binary).key(Map.of("pk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])))))))
                .isEqualTo("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk");
    }

    @Test
    void expressionSyntaxErrorsNameTheTokenAndWhereItIs() {
        String table = hashTable("syntax");
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/getItem.test.ts "invalid ProjectionExpression syntax"
        assertThat(validation(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("test"))).projectionExpression("!!! INVALID !!!"))))
                .isEqualTo("Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/deepRequests.test.ts
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"))).conditionExpression("a = = b"))))
                .isEqualTo("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = b\"");
    }

    @Test
    void valuesWithoutAnExpressionToUseThem() {
        String table = hashTable("novalues");
        // Recorded: architect/dynalite test/scan.js "should return ValidationException if ExpressionAttributeValues but no FilterExpression"
        assertThat(validation(() -> dynamodb.scan(b -> b.tableName(table).expressionAttributeValues(Map.of(":v", s("x"))))))
                .isEqualTo("ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null");
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/putItem.test.ts "ExpressionAttributeValues without expression"
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"))).expressionAttributeValues(Map.of(":v", s("x"))))))
                .startsWith("ExpressionAttributeValues can only be specified when using expressions");
        assertThat(validation(() -> dynamodb.getItem(b -> b.tableName(table).key(item("id", s("a"))).expressionAttributeNames(Map.of("#a", "a")))))
                .isEqualTo("ExpressionAttributeNames can only be specified when using expressions");
    }

    @Test
    void attributeValuesAreCheckedMemberByMemberBeforeTheirCount() {
        String table = hashTable("values");
        // Recorded: architect/dynalite test/getItem.js "should return ValidationException for empty/invalid numbers in Key",
        //   "... for invalid values in Key"
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"), "n", AttributeValue.builder().s("a").n("b").build())))))
                .isEqualTo("The parameter cannot be converted to a numeric value: b");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"), "n", AttributeValue.builder().s("a").n("1").build())))))
                .isEqualTo("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"), "n", AttributeValue.fromNs(List.of("1", "1")))))))
                .isEqualTo("Input collection contains duplicates");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"), "n", AttributeValue.fromSs(List.of("a", "a")))))))
                .isEqualTo("One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"), "n", AttributeValue.fromN("1e126"))))))
                .isEqualTo("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"), "n", AttributeValue.fromBs(List.of()))))))
                .isEqualTo("One or more parameter values were invalid: Binary sets should not be empty");
    }

    @Test
    void returnValuesThatAPutCannotReturn() {
        // Recorded: architect/dynalite test/putItem.js "should return ValidationException for incorrect ReturnValues"
        String table = hashTable("retvals");
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("a"))).returnValues("UPDATED_NEW"))))
                .isEqualTo("ReturnValues can only be ALL_OLD or NONE");
    }

    @Test
    void listTablesChecksItsLimitAndItsStartName() {
        // Recorded: architect/dynalite test/listTables.js "should return ValidationException for low Limit", "... for high Limit",
        //   "... for short ExclusiveStartTableName"
        assertThat(validation(() -> dynamodb.listTables(b -> b.limit(0))))
                .isEqualTo("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        assertThat(validation(() -> dynamodb.listTables(b -> b.limit(101))))
                .isEqualTo("1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        assertThat(validation(() -> dynamodb.listTables(b -> b.exclusiveStartTableName("a;").limit(500))))
                .startsWith("3 validation errors detected: ")
                .contains("Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
                .contains("Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
                .contains("Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        String long256 = "a".repeat(256);
        assertThat(validation(() -> dynamodb.listTables(b -> b.exclusiveStartTableName(long256))))
                .isEqualTo("1 validation error detected: Value '" + long256 + "' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length less than or equal to 255");
    }

    @Test
    void createTableRulesInAwsWords() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/error-messages/createTable.test.ts
        assertThat(validation(() -> dynamodb.createTable(b -> b.tableName(uniqueName("keytype")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("INVALID").build()))))
                .isEqualTo("1 validation error detected: Value 'INVALID' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]");
        assertThat(validation(() -> dynamodb.createTable(b -> b.tableName(uniqueName("attrtype")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(b2 -> b2.attributeName("pk").attributeType("INVALID")).keySchema(hash("pk")))))
                .isEqualTo("1 validation error detected: Value 'INVALID' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
        assertThat(validation(() -> dynamodb.createTable(b -> b.tableName(uniqueName("dupkey")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(hash("pk"), range("pk")))))
                .isEqualTo("Invalid KeySchema: Some index key attribute have no definition");
        assertThat(validation(() -> dynamodb.createTable(b -> b.tableName(uniqueName("include")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S)).keySchema(hash("pk"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("gsi_inc").keySchema(hash("g"))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE)).build()))))
                .isEqualTo("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        assertThat(validation(() -> dynamodb.createTable(b -> b.tableName(uniqueName("streamoff")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(hash("pk"))
                .streamSpecification(s -> s.streamEnabled(false).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))))
                .isEqualTo("One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified");
        // Recorded: architect/dynalite test/createTable.js "should return ValidationException for high ProvisionedThroughput.ReadCapacityUnits"
        assertThat(validation(() -> dynamodb.createTable(b -> b.tableName(uniqueName("bounds"))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)).keySchema(hash("pk"))
                .provisionedThroughput(t -> t.readCapacityUnits(1_000_000_000_001L).writeCapacityUnits(1_000_000_000_001L)))))
                .isEqualTo("Given value 1000000000001 for ReadCapacityUnits is out of bounds");
    }

    private static AttributeValue nested(int depth) {
        AttributeValue v = s("leaf");
        for (int i = 0; i < depth; i++) v = AttributeValue.fromM(Map.of("n", v));
        return v;
    }

    @Test
    void documentsNestedBeyondThirtyTwoLevelsAreRefused() {
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/limits/nestingDepth.test.ts (captured on DynamoDB 2026): 31 wraps are
        // stored, 32 are refused, for items and for the values of an UpdateItem's expressions
        String table = hashTable("nesting");
        String nest = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
        dynamodb.putItem(b -> b.tableName(table).item(item("id", s("ok"), "data", nested(31))));
        assertThat(validation(() -> dynamodb.putItem(b -> b.tableName(table).item(item("id", s("deep"), "data", nested(32))))))
                .isEqualTo(nest);
        // Recorded: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/deepRequests.test.ts: most regions name the value's key
        assertThat(validation(() -> dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("ok")))
                .updateExpression("SET touched = :t").conditionExpression("#d = :deep")
                .expressionAttributeNames(Map.of("#d", "data")).expressionAttributeValues(Map.of(":t", s("y"), ":deep", nested(32))))))
                .isEqualTo("ExpressionAttributeValues contains invalid value: " + nest + " for key :deep");
    }

    @Test
    void aBadExpressionValueIsNamedByItsKey() {
        // Recorded: architect/dynalite test/deleteItem.js "should return ValidationException for invalid values in
        //   ExpressionAttributeValues" (on the nonexistent table "abc")
        String missing = uniqueName("missing");
        assertThat(validation(() -> dynamodb.deleteItem(b -> b.tableName(missing).key(item("id", s("a")))
                .conditionExpression("a = :b").expressionAttributeValues(Map.of(":b", AttributeValue.fromSs(List.of()))))))
                .isEqualTo("ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: "
                        + "An string set  may not be empty for key :b");
        assertThat(validation(() -> dynamodb.deleteItem(b -> b.tableName(missing).key(item("id", s("a")))
                .conditionExpression("a = :b").expressionAttributeValues(Map.of(":b", AttributeValue.fromN("b"))))))
                .isEqualTo("ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: b for key :b");
        assertThat(validation(() -> dynamodb.deleteItem(b -> b.tableName(missing).key(item("id", s("a")))
                .conditionExpression("a = :b").expressionAttributeValues(Map.of("b", s("x"))))))
                .isEqualTo("ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"");
    }

    @Test
    void aTransactionWithoutItemsIsAMemberConstraint() {
        // Recorded: paritysuite/dynamodb-conformance captures/2026-10-08-transact-get-empty-transact-items.json: 31 of 33 regions
        assertThat(validation(() -> dynamodb.transactGetItems(b -> b.transactItems(List.of()))))
                .isEqualTo("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        assertThat(validation(() -> dynamodb.transactWriteItems(b -> b.transactItems(List.of()))))
                .isEqualTo("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
}
