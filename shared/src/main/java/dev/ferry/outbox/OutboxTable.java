package dev.ferry.outbox;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * An outbox table: partition key {@link OutboxRecord#SUBJECT}, sort key {@link OutboxRecord#SEQUENCE} (both
 * strings), a stream with {@code NEW_IMAGE} (or {@code NEW_AND_OLD_IMAGES}) for the relay, and no TTL.
 */
public record OutboxTable(String tableName) {

    public OutboxTable {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("an outbox table needs a name");
        }
    }

    public static OutboxTable named(String tableName) {
        return new OutboxTable(tableName);
    }

    /** The table as the toolkit needs it, on demand; the CDK app declares the same (infra's DataStack). */
    public CreateTableRequest createTableRequest() {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(OutboxRecord.SUBJECT).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(OutboxRecord.SEQUENCE).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(OutboxRecord.SUBJECT).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(OutboxRecord.SEQUENCE).keyType(KeyType.RANGE).build())
                .streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build())
                .build();
    }
}
