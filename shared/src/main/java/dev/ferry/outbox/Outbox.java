package dev.ferry.outbox;

import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes state changes and the events announcing them in one {@code TransactWriteItems}: the events exist
 * if and only if the state change happened. The events go to an outbox table of their own (layout:
 * {@link OutboxRecord}); the relay publishes them from its stream and deletes each once every target has it,
 * and {@link OutboxSweeper} publishes what is still there after a grace period. Nothing expires unpublished.
 */
public final class Outbox {

    /** DynamoDB allows 100 actions per transaction. */
    public static final int MAX_ACTIONS = 100;

    private final DynamoDbClient dynamoDb;
    private final OutboxTable table;
    private final EnvelopeCodec codec;
    private final OutboxSequence sequence;

    public Outbox(DynamoDbClient dynamoDb, OutboxTable table, EnvelopeCodec codec, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.codec = codec;
        this.sequence = new OutboxSequence(clock);
    }

    public Outbox(DynamoDbClient dynamoDb, OutboxTable table, EnvelopeCodec codec) {
        this(dynamoDb, table, codec, Clock.systemUTC());
    }

    public OutboxOutcome write(TransactWriteItem stateChange, Envelope<?>... events) {
        return write(List.of(stateChange), Arrays.asList(events));
    }

    /**
     * Writes {@code stateChanges} (with their conditions) and one outbox record per event atomically.
     * A failed condition is an outcome, not an exception; other failures (throttling, validation) throw.
     */
    public OutboxOutcome write(List<TransactWriteItem> stateChanges, List<? extends Envelope<?>> events) {
        if (stateChanges.size() + events.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("one outbox write holds at most " + MAX_ACTIONS + " state changes and events together, got "
                    + (stateChanges.size() + events.size()));
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an outbox write needs at least one event; write state alone with TransactWriteItems or PutItem");
        }
        List<TransactWriteItem> items = new ArrayList<>(stateChanges);
        items.addAll(records(events));
        try {
            dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
            return new OutboxOutcome.Written(events.stream().map(Envelope::id).toList());
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
            for (int i = 0; i < Math.min(stateChanges.size(), reasons.size()); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    return new OutboxOutcome.ConditionFailed(i, reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of());
                }
            }
            throw cancelled;
        }
    }

    /**
     * The outbox records for {@code events} as transaction items, to combine with other writes (for example
     * {@code TransactionalIdempotency.commit}, so a consumer's state change, its events and its idempotency
     * key commit together).
     */
    public List<TransactWriteItem> records(List<? extends Envelope<?>> events) {
        List<TransactWriteItem> items = new ArrayList<>(events.size());
        for (Envelope<?> event : events) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(OutboxRecord.SUBJECT, AttributeValue.fromS(event.subject()));
            item.put(OutboxRecord.SEQUENCE, AttributeValue.fromS(sequence.next(event.id())));
            item.put(OutboxRecord.KIND, AttributeValue.fromS(OutboxRecord.KIND_VALUE));
            item.put(OutboxRecord.EVENT_ID, AttributeValue.fromS(event.id()));
            item.put(OutboxRecord.TYPE, AttributeValue.fromS(event.type()));
            item.put(OutboxRecord.CORRELATION_ID, AttributeValue.fromS(event.correlationId()));
            item.put(OutboxRecord.ENVELOPE, AttributeValue.fromS(codec.encode(event)));
            // A key is written once: a second record under it would be a second publication.
            items.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table.tableName())
                    .item(item)
                    .conditionExpression("attribute_not_exists(#subject)")
                    .expressionAttributeNames(Map.of("#subject", OutboxRecord.SUBJECT))
                    .build()).build());
        }
        return items;
    }
}
