package dev.ferry.local.dynamodb.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Base of the conformance suite: SDK v2 clients for the shared target, unique table names (so the suite
 * can run against a real endpoint) and the tables a test created dropped after it.
 */
abstract class ConformanceTest {
    protected static DynamoDbTarget target;
    protected static DynamoDbClient dynamodb;
    protected static DynamoDbStreamsClient streams;

    private final List<String> createdTables = new ArrayList<>();

    @BeforeAll
    static void connect() {
        target = DynamoDbTarget.shared();
        dynamodb = target.dynamodb;
        streams = target.streams;
    }

    @AfterEach
    void dropTables() {
        for (String name : createdTables) {
            try {
                dynamodb.deleteTable(b -> b.tableName(name));
            } catch (ResourceNotFoundException alreadyGone) {
                // the test deleted it itself
            }
        }
    }

    /** A table name no other test (or earlier run against a real endpoint) uses. */
    protected String uniqueName(String base) {
        return "ferry-" + base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a table (on demand billing unless the customizer says otherwise), waits until ACTIVE, returns its name. */
    protected String createTable(String base, Consumer<CreateTableRequest.Builder> customizer) {
        String name = uniqueName(base);
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
        customizer.accept(b);
        dynamodb.createTable(b.build());
        createdTables.add(name);
        dynamodb.waiter().waitUntilTableExists(r -> r.tableName(name));
        return name;
    }

    /** A table keyed by the string {@code id}. */
    protected String hashTable(String base) {
        return createTable(base, b -> b.attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id")));
    }

    /** A table keyed by the string {@code pk} and the number {@code sk}. */
    protected String hashRangeTable(String base) {
        return createTable(base, b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N))
                .keySchema(hash("pk"), range("sk")));
    }

    /** A table keyed by the string {@code id} with a stream of the given view type. */
    protected String streamedTable(String base, StreamViewType viewType) {
        return createTable(base, b -> b.attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))
                .streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(viewType).build()));
    }

    protected static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    protected static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    protected static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    protected static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    protected static AttributeValue n(Object v) {
        return AttributeValue.fromN(String.valueOf(v));
    }

    protected static AttributeValue b(byte... v) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(v));
    }

    /**
     * Asserts that a call fails with the given DynamoDB error code. The SDK has exception classes for some
     * codes only; ValidationException, for one, arrives as a plain DynamoDbException carrying the code.
     */
    protected static AbstractThrowableAssert<?, ? extends Throwable> assertFailsWith(
            String code, ThrowingCallable call) {
        var thrown = Assertions.catchThrowable(call);
        Assertions.assertThat(thrown).as("expected %s", code)
                .isInstanceOf(DynamoDbException.class);
        var e = (DynamoDbException) thrown;
        Assertions.assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        Assertions.assertThat(e.statusCode()).isEqualTo(400);
        return Assertions.assertThat(thrown);
    }

    protected static AbstractThrowableAssert<?, ? extends Throwable> assertValidationError(
            ThrowingCallable call) {
        return assertFailsWith("ValidationException", call);
    }

    /** An item from alternating names and values. */
    protected static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return m;
    }
}
