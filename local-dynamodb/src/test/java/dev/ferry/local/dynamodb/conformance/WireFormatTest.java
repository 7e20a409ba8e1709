package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies of the wrong JSON types, sent raw because the SDK would not build them. AWS's JSON deserializer
 * refuses them with {@code com.amazon.coral.service#SerializationException} and its own wording, under
 * {@code Message}; the expected answers are those recorded on DynamoDB by dynalite's suite
 * (https://github.com/architect/dynalite/blob/main/test/helpers.js, {@code assertType} and
 * {@code assertSerialization}; test/connection.js and test/listTables.js for unreadable bodies).
 */
class WireFormatTest extends ConformanceTest {
    private static final String SERIALIZATION = "com.amazon.coral.service#SerializationException";
    private static RawDynamoDb raw;

    @BeforeAll
    static void rawClient() {
        raw = new RawDynamoDb(target);
    }

    private static void assertSerialization(String operation, String body, String message) {
        RawDynamoDb.Answer answer = raw.send(operation, body);
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.type()).as(body).isEqualTo(SERIALIZATION);
        assertThat(answer.body().get("Message").asText()).as(body).isEqualTo(message);
    }

    @ParameterizedTest(name = "{1} where a string belongs")
    @CsvSource(delimiter = '|', value = {
            "DescribeTable | {\"TableName\":true}   | TRUE_VALUE cannot be converted to String",
            "DescribeTable | {\"TableName\":false}  | FALSE_VALUE cannot be converted to String",
            "GetItem       | {\"TableName\":23}     | NUMBER_VALUE cannot be converted to String",
            "GetItem       | {\"TableName\":34.56}  | DECIMAL_VALUE cannot be converted to String",
            "PutItem       | {\"TableName\":[]}     | Unrecognized collection type class java.lang.String",
            "PutItem       | {\"TableName\":{}}     | Start of structure or map found where not expected"})
    void aStringMemberOfAnotherJsonTypeIsASerializationException(String operation, String body, String message) {
        // Recorded: architect/dynalite test/helpers.js assertType (its table of deserializer messages per JSON type), used by every
        //   "should return SerializationException when TableName is not a string" test (test/getItem.js, test/putItem.js, ...)
        assertSerialization(operation, body, message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "PutItem     | {\"Item\":\"x\"}               | Unexpected field type",
            "PutItem     | {\"Item\":23}                  | Unexpected field type",
            "GetItem     | {\"Key\":[]}                   | Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
            "CreateTable | {\"KeySchema\":23}             | Unexpected field type",
            "CreateTable | {\"KeySchema\":{}}             | Start of structure or map found where not expected",
            "CreateTable | {\"KeySchema\":[\"x\"]}        | Unexpected value type in payload",
            "CreateTable | {\"ProvisionedThroughput\":1}  | Unexpected field type",
            "CreateTable | {\"ProvisionedThroughput\":[]} | Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput",
            "GetItem     | {\"ExpressionAttributeNames\":[]} | Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"})
    void aMapListOrStructureOfAnotherJsonTypeIsASerializationException(String operation, String body, String message) {
        // Recorded: architect/dynalite test/helpers.js assertType ("Unexpected field type", "Start of structure or map found where not
        //   expected", "Unrecognized collection type ..."), e.g. test/putItem.js "should return SerializationException when Item is not a map"
        assertSerialization(operation, body, message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "ListTables  | {\"Limit\":\"5\"}   | STRING_VALUE cannot be converted to Integer",
            "ListTables  | {\"Limit\":true}    | TRUE_VALUE cannot be converted to Integer",
            "ListTables  | {\"Limit\":[]}      | Unrecognized collection type class java.lang.Integer",
            "CreateTable | {\"ProvisionedThroughput\":{\"ReadCapacityUnits\":\"1\"}} | STRING_VALUE cannot be converted to Long",
            "GetItem     | {\"ConsistentRead\":23}     | NUMBER_VALUE cannot be converted to Boolean",
            "GetItem     | {\"ConsistentRead\":34.56}  | DECIMAL_VALUE cannot be converted to Boolean",
            "GetItem     | {\"ConsistentRead\":\"23\"} | Unexpected token received from parser",
            "GetItem     | {\"ConsistentRead\":[]}     | Unrecognized collection type class java.lang.Boolean"})
    void numbersAndBooleansOfAnotherJsonTypeAreASerializationException(String operation, String body, String message) {
        // Recorded: architect/dynalite test/helpers.js assertType (Integer, Long and Boolean members), test/listTables.js
        //   "should return SerializationException when Limit is not an integer"
        assertSerialization(operation, body, message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"Item\":{\"a\":{\"B\":true}}}    | only base-64-encoded strings are convertible to bytes",
            "{\"Item\":{\"a\":{\"B\":[]}}}      | Unrecognized collection type class java.nio.ByteBuffer",
            "{\"Item\":{\"a\":{\"B\":\"23456\"}}} | Base64 encoded length is expected a multiple of 4 bytes but found: 5",
            "{\"Item\":{\"a\":{\"B\":\"=+/=\"}}}  | Invalid last non-pad Base64 character dectected",
            "{\"Item\":{\"a\":{\"S\":1}}}       | NUMBER_VALUE cannot be converted to String",
            "{\"Item\":{\"a\":{\"SS\":\"x\"}}}    | Unexpected field type",
            "{\"Item\":{\"a\":{\"L\":[\"x\"]}}}   | Unexpected value type in payload",
            "{\"Item\":{\"a\":{\"M\":{\"b\":1}}}} | Unexpected value type in payload",
            "{\"Item\":{\"a\":\"x\"}}              | Unexpected value type in payload"})
    void attributeValuesAreReadAsTheirTypes(String body, String message) {
        // Recorded: architect/dynalite test/helpers.js assertType for AttrStruct (base64 errors, "Unexpected value type in payload")
        assertSerialization("PutItem", body, message);
    }

    @Test
    void aCollectionInsideACollectionOfAnotherJsonTypeIsRefusedByTheParameterizedTypeReader() {
        // Recorded: architect/dynalite test/helpers.js castMsg, asserted for ParameterizedList and ParameterizedMap members
        // the message of the deserializer's own cast (helpers.js ParameterizedList / ParameterizedMap)
        String cast = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class "
                + "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";
        assertSerialization("BatchWriteItem", "{\"RequestItems\":{\"abc\":\"x\"}}", cast);
        assertSerialization("BatchGetItem", "{\"RequestItems\":{\"abc\":{\"Keys\":[23]}}}", cast);
    }

    @Test
    void aBodyThatIsNotJsonOrIsMissingIsRefusedWithoutAMessage() {
        // Recorded: architect/dynalite test/connection.js "should return SerializationException if body is application/json but not JSON",
        //   test/listTables.js "should return 400 if no body"
        RawDynamoDb.Answer notJson = raw.send("ListTables", "hi");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().toString()).isEqualTo("{\"__type\":\"" + SERIALIZATION + "\"}");
        RawDynamoDb.Answer empty = raw.send("ListTables", "");
        assertThat(empty.body().toString()).isEqualTo("{\"__type\":\"" + SERIALIZATION + "\"}");
    }

    @Test
    void anUnknownOperationIsRefusedWithoutAMessage() {
        // Recorded: architect/dynalite test/connection.js "should return UnknownOperationException if incorrect target operation"
        RawDynamoDb.Answer answer = raw.send("ListTable", "{}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().toString()).isEqualTo("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
    }

    @Test
    void unknownMembersAndNullMembersAreIgnored() {
        // Recorded: architect/dynalite test/listTables.js "should return 200 if random attributes are supplied",
        //   "should return 200 if null attributes are supplied"
        // listTables.js "should return 200 if random attributes are supplied" / "if null attributes are supplied"
        assertThat(raw.send("ListTables", "{\"hi\":\"yo\",\"stuff\":\"things\"}").status()).isEqualTo(200);
        assertThat(raw.send("ListTables", "{\"ExclusiveStartTableName\":null,\"Limit\":null}").status()).isEqualTo(200);
    }

    @Test
    void theWrongTypeIsFoundBeforeAnyValidation() {
        // Recorded: architect/dynalite test/getItem.js "should return SerializationException when TableName is not a string" (sent without a
        //   Key, which would otherwise be a ValidationException)
        // a missing Key would be a ValidationException; the mistyped TableName is reported first
        assertSerialization("GetItem", "{\"TableName\":true}", "TRUE_VALUE cannot be converted to String");
        // the same goes for a table that does not exist
        assertSerialization("DescribeTable", "{\"TableName\":[\"" + uniqueName("missing") + "\"]}",
                "Unrecognized collection type class java.lang.String");
    }

    @Test
    void validationErrorsUseTheLowerCaseMessageMember() {
        // Recorded: architect/dynalite test/helpers.js assertValidation ({"__type": "com.amazon.coral.validate#ValidationException", "message": ...})
        RawDynamoDb.Answer answer = raw.send("GetItem", "{}");
        assertThat(answer.type()).isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(answer.body().has("message")).isTrue();
        // getItem.js "should return ValidationException for no TableName": both members, in one message
        assertThat(answer.message()).startsWith("2 validation errors detected: ")
                .contains("Value null at 'tableName' failed to satisfy constraint: Member must not be null")
                .contains("Value null at 'key' failed to satisfy constraint: Member must not be null");
    }
}
