package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.table.ItemKey;
import dev.ferry.local.dynamodb.table.Table;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The items TransactWriteItems calls have taken and not yet released: DynamoDB's "transaction is ongoing
 * for the item". A transaction takes its items under its tables' locks, applies them later under the same
 * locks and releases them; any other write or transaction that meets a taken item conflicts instead of
 * waiting, as on AWS
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling).
 *
 * <p>Taking and checking happen under the table's lock, so a check sees either the item taken or the
 * transaction's writes applied. Items are keyed by the {@link Table} object, not its name: a table
 * deleted and created again starts with nothing taken.
 */
final class InFlightItems {
    /** One item, of one incarnation of a table. */
    record Item(Table table, ItemKey key) {}

    private final ConcurrentHashMap<Item, Long> owners = new ConcurrentHashMap<>();

    boolean isTaken(Table table, ItemKey key) {
        return owners.containsKey(new Item(table, key));
    }

    /** Marks every item as held by {@code transaction}; the caller has checked that none is taken and holds the locks. */
    void take(long transaction, Collection<Item> items) {
        for (Item item : items) {
            Long previous = owners.putIfAbsent(item, transaction);
            if (previous != null && previous != transaction) {
                throw new IllegalStateException("item " + item.key() + " of " + item.table().name()
                        + " is taken by transaction " + previous + ": check before taking, under the table lock");
            }
        }
    }

    /** Releases what {@code transaction} holds of {@code items}; safe to call twice. */
    void release(long transaction, Collection<Item> items) {
        for (Item item : items) owners.remove(item, transaction);
    }
}
