package dev.ferry.functions.notifications;

import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The default sender: records each email in the {@code notifications} table (key {@code id} =
 * {@code <event id>#<template>}) with a conditional put, so an email id is recorded exactly once however
 * often it is sent.
 */
public final class TableEmailSender implements EmailSender {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public TableEmailSender(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public SendResult send(Email email) {
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of("id", s(email.id()), "eventId", s(email.eventId()), "template", s(email.template()),
                            "to", s(email.to()), "subject", s(email.subject()), "body", s(email.body()),
                            "correlationId", s(email.correlationId()), "sentAt", s(clock.instant().toString())))
                    .conditionExpression("attribute_not_exists(id)"));
            return new SendResult.Sent();
        } catch (ConditionalCheckFailedException repeat) {
            return new SendResult.AlreadySent();
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
