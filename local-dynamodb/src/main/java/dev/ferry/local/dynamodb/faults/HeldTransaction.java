package dev.ferry.local.dynamodb.faults;

import java.util.List;

/**
 * A TransactWriteItems that has taken its items and not yet applied them: what a {@link TransactionHold}
 * is told, so that a test can pick the transaction it wants to keep waiting.
 *
 * @param id    unique per emulator, in the order transactions took their items
 * @param items the items taken, in request order
 */
public record HeldTransaction(long id, List<Item> items) {
    public HeldTransaction {
        items = List.copyOf(items);
    }

    /**
     * One item taken by the transaction.
     *
     * @param table the table name
     * @param key   the item's key attributes in the wire form, e.g. {@code {"id":{"S":"acc-1"}}}
     */
    public record Item(String table, String key) {}

    /** Whether the transaction holds an item of {@code table} whose key text contains {@code keyPart}. */
    public boolean holds(String table, String keyPart) {
        return items.stream().anyMatch(i -> i.table().equals(table) && i.key().contains(keyPart));
    }
}
