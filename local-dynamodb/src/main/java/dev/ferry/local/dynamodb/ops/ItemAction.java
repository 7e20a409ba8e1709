package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.ItemKey;
import dev.ferry.local.dynamodb.table.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A write to one item, parsed and ready to apply: the shared core of PutItem, UpdateItem, DeleteItem,
 * BatchWriteItem and each element of TransactWriteItems. Callers hold the table's lock.
 */
sealed interface ItemAction {
    Table table();

    ItemKey key();

    Optional<Expressions.Condition> condition();

    /** The item after this action, empty when it deletes; throws ValidationException for an invalid result. */
    Optional<Map<String, Value>> next(Optional<Map<String, Value>> old);

    /** True when the condition holds for the current item (a missing item is an empty map). */
    default boolean conditionHolds(Optional<Map<String, Value>> old) {
        return condition().map(c -> c.test(old.orElse(Map.of()))).orElse(true);
    }

    /** Whether this action writes at all (a ConditionCheck does not). */
    default boolean writes() {
        return true;
    }

    record Put(Table table, ItemKey key, Map<String, Value> item, Optional<Expressions.Condition> condition) implements ItemAction {
        static Put of(Table table, Map<String, Value> item, Optional<Expressions.Condition> condition) {
            table.validateItem(item);
            return new Put(table, table.keySchema().keyOf(item), item, condition);
        }

        public Optional<Map<String, Value>> next(Optional<Map<String, Value>> old) {
            return Optional.of(item);
        }
    }

    record Delete(Table table, ItemKey key, Optional<Expressions.Condition> condition) implements ItemAction {
        public Optional<Map<String, Value>> next(Optional<Map<String, Value>> old) {
            return Optional.empty();
        }
    }

    record Check(Table table, ItemKey key, Optional<Expressions.Condition> condition) implements ItemAction {
        public Optional<Map<String, Value>> next(Optional<Map<String, Value>> old) {
            return old;
        }

        public boolean writes() {
            return false;
        }
    }

    record Update(Table table, ItemKey key, Map<String, Value> keyAttributes, Optional<Expressions.Update> update,
                  Optional<Expressions.Condition> condition) implements ItemAction {
        static Update of(Table table, Map<String, Value> keyMap, Optional<Expressions.Update> update,
                         Optional<Expressions.Condition> condition) {
            ItemKey key = table.keyFrom(keyMap);
            update.ifPresent(u -> u.targets().forEach(path -> {
                if (table.keySchema().names().contains(path.attribute())) {
                    throw ApiException.validation("One or more parameter values were invalid: Cannot update attribute "
                            + path.attribute() + ". This attribute is part of the key");
                }
            }));
            return new Update(table, key, Map.copyOf(keyMap), update, condition);
        }

        /**
         * The updated item; empty when the item is missing and the update only removes, because DynamoDB
         * then creates nothing ("DELETE - Nothing happens; there is no attribute to delete",
         * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html;
         * for REMOVE too in ScyllaDB's DynamoDB-verified test_update_item_non_existent,
         * https://github.com/scylladb/scylladb/blob/master/test/alternator/test_item.py). An update with
         * no actions at all does create the item with its key.
         */
        public Optional<Map<String, Value>> next(Optional<Map<String, Value>> old) {
            if (old.isEmpty() && update.map(Expressions.Update::removesOnly).orElse(false)) return Optional.empty();
            Map<String, Value> base = old.orElse(keyAttributes);
            Map<String, Value> result = update.map(u -> u.apply(base)).orElse(base);
            if (!result.keySet().containsAll(keyAttributes.keySet())) {
                result = new LinkedHashMap<>(result);
                result.putAll(keyAttributes);
            }
            table.validateItem(result);
            return Optional.of(result);
        }
    }
}
