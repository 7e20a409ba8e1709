package dev.ferry.outbox;

import java.util.Optional;

/** The state table the outbox lives in: its name and key attribute names. */
public record OutboxTable(String tableName, String partitionKey, Optional<String> sortKey) {

    public static OutboxTable of(String tableName, String partitionKey) {
        return new OutboxTable(tableName, partitionKey, Optional.empty());
    }

    public OutboxTable withSortKey(String sortKeyName) {
        return new OutboxTable(tableName, partitionKey, Optional.of(sortKeyName));
    }
}
