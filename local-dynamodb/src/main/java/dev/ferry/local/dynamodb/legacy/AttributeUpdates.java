package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.model.ValueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * UpdateItem's AttributeUpdates as an UpdateExpression. Each action is on one top-level attribute
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html):
 *
 * <ul>
 *   <li>PUT (the default) sets it: {@code SET #a = :v};</li>
 *   <li>DELETE without a value removes it ({@code REMOVE #a}); with a set it removes those elements
 *       ({@code DELETE #a :v});</li>
 *   <li>ADD adds a number or joins a set ({@code ADD #a :v}), and appends to a list, which the
 *       expression ADD does not do but {@code SET #a = list_append(if_not_exists(#a, :empty), :v)} does.
 *       ADD on lists is undocumented; ScyllaDB's DynamoDB-verified tests show it
 *       (https://github.com/scylladb/scylladb/blob/master/test/alternator/test_item.py, test_update_item_add),
 *       and dynalite's live-run tests too (https://github.com/mhart/dynalite/blob/master/test/updateItem.js,
 *       "should add list value and return updated new").</li>
 * </ul>
 *
 * The value checks and their messages are dynalite's (validations/updateItem.js there).
 */
final class AttributeUpdates {
    private static final Set<String> ADDABLE = Set.of("N", "SS", "NS", "BS", "L");
    private static final Set<String> SETS = Set.of("SS", "NS", "BS");

    private enum Action { PUT, ADD, DELETE }

    private record Update(String attribute, Action action, Optional<JsonNode> value, String type) {}

    private final List<Update> updates;

    private AttributeUpdates(List<Update> updates) {
        this.updates = List.copyOf(updates);
    }

    static AttributeUpdates of(JsonNode request) {
        List<Update> updates = new ArrayList<>();
        Fields.object(request, "AttributeUpdates").ifPresent(map -> map.fields().forEachRemaining(e -> {
            JsonNode update = Fields.entry("AttributeUpdates", e.getKey(), e.getValue());
            Action action = Action.valueOf(Fields.text(update, "Action").orElse("PUT"));
            Optional<JsonNode> value = Fields.present(update, "Value") ? Optional.of(update.get("Value")) : Optional.empty();
            String type = value.map(v -> ValueJson.decode(v).type()).orElse("");
            if (value.isEmpty() && action != Action.DELETE) {
                throw Fields.invalidParameter("Only DELETE action is allowed when no attribute value is specified");
            }
            if (value.isPresent() && action == Action.DELETE && !SETS.contains(type)) {
                throw Fields.invalidParameter("DELETE action with value is not supported for the type " + type);
            }
            if (value.isPresent() && action == Action.ADD && !ADDABLE.contains(type)) {
                throw Fields.invalidParameter("ADD action is not supported for the type " + type);
            }
            updates.add(new Update(e.getKey(), action, value, type));
        }));
        return new AttributeUpdates(updates);
    }

    boolean isEmpty() {
        return updates.isEmpty();
    }

    String expression(Placeholders placeholders) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        for (Update u : updates) {
            String name = placeholders.name(u.attribute());
            switch (u.action()) {
                case PUT -> set.add(name + " = " + placeholders.value(u.value().orElseThrow()));
                case ADD -> {
                    String value = placeholders.value(u.value().orElseThrow());
                    if (u.type().equals("L")) {
                        ObjectNode empty = JsonNodeFactory.instance.objectNode();
                        empty.putArray("L");
                        set.add(name + " = list_append(if_not_exists(" + name + ", " + placeholders.value(empty) + "), " + value + ")");
                    } else {
                        add.add(name + " " + value);
                    }
                }
                case DELETE -> {
                    if (u.value().isPresent()) {
                        delete.add(name + " " + placeholders.value(u.value().get()));
                    } else {
                        remove.add(name);
                    }
                }
            }
        }
        List<String> clauses = new ArrayList<>();
        clause(clauses, "SET ", set, ", ");
        clause(clauses, "REMOVE ", remove, ", ");
        clause(clauses, "ADD ", add, ", ");
        clause(clauses, "DELETE ", delete, ", ");
        return String.join(" ", clauses);
    }

    private static void clause(List<String> clauses, String keyword, List<String> actions, String separator) {
        if (!actions.isEmpty()) clauses.add(keyword + String.join(separator, actions));
    }
}
