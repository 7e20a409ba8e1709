package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * AttributeUpdates, the legacy update of UpdateItem
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributeUpdates.html).
 * Where the documentation is silent the behaviour is that of tests run against DynamoDB: ScyllaDB's
 * (https://github.com/scylladb/scylladb/blob/master/test/alternator/test_item.py) and dynalite's
 * (https://github.com/mhart/dynalite/blob/master/test/updateItem.js), whose messages these tests assert.
 */
class LegacyAttributeUpdatesTest extends ConformanceTest {
    private String table;

    @BeforeEach
    void createTable() {
        table = hashTable("legacy-updates");
    }

    private static AttributeValueUpdate put(AttributeValue v) {
        return AttributeValueUpdate.builder().action(AttributeAction.PUT).value(v).build();
    }

    private static AttributeValueUpdate add(AttributeValue v) {
        return AttributeValueUpdate.builder().action(AttributeAction.ADD).value(v).build();
    }

    private static AttributeValueUpdate delete() {
        return AttributeValueUpdate.builder().action(AttributeAction.DELETE).build();
    }

    private static AttributeValueUpdate delete(AttributeValue v) {
        return AttributeValueUpdate.builder().action(AttributeAction.DELETE).value(v).build();
    }

    private static Map<String, AttributeValueUpdate> updates(Object... namesAndUpdates) {
        Map<String, AttributeValueUpdate> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndUpdates.length; i += 2) m.put((String) namesAndUpdates[i], (AttributeValueUpdate) namesAndUpdates[i + 1]);
        return m;
    }

    private Map<String, AttributeValue> update(String id, Map<String, AttributeValueUpdate> updates) {
        dynamodb.updateItem(b -> b.tableName(table).key(item("id", s(id))).attributeUpdates(updates));
        return stored(id);
    }

    private Map<String, AttributeValue> stored(String id) {
        var found = dynamodb.getItem(b -> b.tableName(table).key(item("id", s(id))).consistentRead(true));
        return found.hasItem() ? found.item() : Map.of();
    }

    private static AttributeValue ss(String... v) {
        return AttributeValue.fromSs(List.of(v));
    }

    private static AttributeValue ns(String... v) {
        return AttributeValue.fromNs(List.of(v));
    }

    @Test
    void putSetsAndIsTheDefaultAction() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html#DDB-Type-AttributeValueUpdate-Action "PUT - Adds the specified attribute to the item. If the attribute already
        //   exists, it is replaced by the new value"; the default is PUT
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_basic_string_update_and_get
        update("x", updates("a", put(n(1)), "b", AttributeValueUpdate.builder().value(s("default is PUT")).build()));
        assertThat(update("x", updates("a", put(s("replaced")))))
                .isEqualTo(item("id", s("x"), "a", s("replaced"), "b", s("default is PUT")));
    }

    @Test
    void addAddsToANumberStartingFromZero() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html#DDB-Type-AttributeValueUpdate-Action ADD on a number: "the Value is mathematically added to the existing
        //   attribute"; on a missing attribute "DynamoDB uses 0 as the initial value"
        // Recorded: architect/dynalite test/updateItem.js "should add numerical value and return updated new"
        update("x", updates("count", add(n(3))));
        assertThat(update("x", updates("count", add(n(-1.5))))).containsEntry("count", n(1.5));
    }

    @Test
    void addJoinsSetsOfTheSameType() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html#DDB-Type-AttributeValueUpdate-Action ADD on a set: "the Value is added to the existing set. (This is a set operation, ...)"
        // Recorded: architect/dynalite test/updateItem.js "should add set value and return updated new"
        update("x", updates("tags", add(ss("a", "b"))));
        assertThat(update("x", updates("tags", add(ss("b", "c")))).get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void addAppendsToAList() {
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_update_item_add; architect/dynalite test/updateItem.js
        //   "should add list value and return updated new"
        // Undocumented but what DynamoDB does: ScyllaDB's test_update_item_add and dynalite's
        // "should add list value and return updated new", both run against DynamoDB
        update("x", updates("log", add(AttributeValue.fromL(List.of(s("a"), n(1))))));
        assertThat(update("x", updates("log", add(AttributeValue.fromL(List.of(s("a")))))))
                .containsEntry("log", AttributeValue.fromL(List.of(s("a"), n(1), s("a"))));
    }

    @Test
    void deleteWithoutAValueRemovesTheAttribute() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html#DDB-Type-AttributeValueUpdate-Action "DELETE - If no value is specified, the attribute and its value are removed from the item"
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_update_item_delete_nonexistent_attribute
        update("x", updates("a", put(n(1)), "b", put(n(2))));
        assertThat(update("x", updates("a", delete(), "never-there", delete()))).isEqualTo(item("id", s("x"), "b", n(2)));
    }

    @Test
    void deleteWithASetRemovesThoseElementsAndAnEmptiedSetDisappears() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html#DDB-Type-AttributeValueUpdate-Action "If a set of values is specified, then those values are subtracted from the old set"
        // Recorded: architect/dynalite test/updateItem.js "should delete set values and return updated new";
        //   scylladb/scylladb test/alternator/test_item.py test_update_item_delete
        update("x", updates("nums", put(ns("1", "2", "3"))));
        assertThat(update("x", updates("nums", delete(ns("1", "4")))).get("nums").ns()).containsExactlyInAnyOrder("2", "3");
        assertThat(update("x", updates("nums", delete(ns("2", "3"))))).doesNotContainKey("nums");
    }

    @Test
    void onAMissingItemPutAndAddCreateItButDeleteDoesNot() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html#DDB-Type-AttributeValueUpdate-Action (on an item that does not exist) "DELETE - Nothing happens"
        // Recorded: scylladb/scylladb test/alternator/test_item.py test_update_item_non_existent
        // "DELETE - Nothing happens; there is no attribute to delete." (AttributeValueUpdate); ScyllaDB's
        // test_update_item_non_existent shows the item is not created, and that an update with no
        // actions at all does create it with its key
        assertThat(update("deleted", updates("a", delete()))).isEmpty();
        assertThat(update("set-deleted", updates("a", delete(ss("x"))))).isEmpty();
        assertThat(update("added", updates("n", add(n(5)), "gone", delete()))).isEqualTo(item("id", s("added"), "n", n(5)));
        assertThat(update("empty", Map.of())).isEqualTo(item("id", s("empty")));
    }

    @Test
    void namesAreAttributesNotPaths() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributeUpdates.html (each entry names a top-level attribute)
        // Recorded: scylladb/scylladb test/alternator/test_nested.py test_attribute_updates_dot
        assertThat(update("x", updates("a.b", put(n(1)), "size", put(n(2)))))
                .isEqualTo(item("id", s("x"), "a.b", n(1), "size", n(2)));
    }

    @Test
    void theSameChangesAsTheirUpdateExpression() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributeUpdates.html (each action and its UpdateExpression clause)
        // Recorded: architect/dynalite test/updateItem.js "should just add valid ADD actions if nothing exists"
        // dynalite's "should just add valid ADD actions if nothing exists" pairs these two forms
        Map<String, AttributeValue> start = item("id", s("legacy"), "n", n(1), "s", s("old"), "tags", ss("a", "b"),
                "log", AttributeValue.fromL(List.of(n(0))), "gone", s("bye"));
        dynamodb.putItem(b -> b.tableName(table).item(start));
        Map<String, AttributeValue> twin = new LinkedHashMap<>(start);
        twin.put("id", s("expression"));
        dynamodb.putItem(b -> b.tableName(table).item(twin));

        var legacy = dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("legacy"))).returnValues(ReturnValue.UPDATED_NEW)
                .attributeUpdates(updates("n", add(n(2)), "s", put(s("new")), "tags", delete(ss("a")),
                        "log", add(AttributeValue.fromL(List.of(n(1)))), "gone", delete(), "fresh", add(ns("7")))));
        var expression = dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("expression"))).returnValues(ReturnValue.UPDATED_NEW)
                .updateExpression("SET s = :s, #log = list_append(#log, :log) REMOVE gone ADD n :n, fresh :fresh DELETE tags :tags")
                .expressionAttributeNames(Map.of("#log", "log"))
                .expressionAttributeValues(Map.of(":s", s("new"), ":log", AttributeValue.fromL(List.of(n(1))), ":n", n(2),
                        ":fresh", ns("7"), ":tags", ss("a"))));
        assertThat(legacy.attributes()).isEqualTo(expression.attributes());
        Map<String, AttributeValue> legacyItem = new LinkedHashMap<>(stored("legacy"));
        legacyItem.remove("id");
        Map<String, AttributeValue> expressionItem = new LinkedHashMap<>(stored("expression"));
        expressionItem.remove("id");
        assertThat(legacyItem).isEqualTo(expressionItem).containsEntry("n", n(3)).doesNotContainKey("gone");
    }

    @Test
    void updatedOldNamesTheAttributesTheUpdateTouched() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValues "UPDATED_OLD - Returns only the updated
        //   attributes, as they appeared before the UpdateItem operation"
        // Recorded: scylladb/scylladb test/alternator/test_returnvalues.py test_update_item_returnvalues_all_old_attributeupdates
        update("x", updates("a", put(n(1)), "b", put(n(2)), "c", put(n(3))));
        var old = dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("x"))).returnValues(ReturnValue.UPDATED_OLD)
                .attributeUpdates(updates("a", put(n(10)), "b", delete())));
        assertThat(old.attributes()).isEqualTo(item("a", n(1), "b", n(2)));
    }

    @Test
    void anActionMeetingAnotherTypeIsATypeMismatch() {
        // Recorded: architect/dynalite test/updateItem.js "should return ValidationException if trying to delete/add incorrect types"
        //   ("Type mismatch for attribute to update")
        update("x", updates("s", put(s("text")), "nums", put(ns("1")), "n", put(n(1))));
        for (var mismatch : List.of(updates("s", add(n(1))), updates("nums", add(ss("a"))), updates("n", delete(ns("1"))),
                updates("s", add(AttributeValue.fromL(List.of(n(1))))))) {
            assertValidationError(() -> dynamodb.updateItem(b -> b.tableName(table).key(item("id", s("x"))).attributeUpdates(mismatch)))
                    .as(mismatch.toString()).hasMessageContaining("Type mismatch for attribute to update");
        }
    }

    @Test
    void addTakesNumbersSetsAndListsOnly() {
        // Recorded: architect/dynalite test/updateItem.js "should return ValidationException if trying to add incorrect types"
        //   ("ADD action is not supported for the type ...")
        for (AttributeValue v : List.of(s("1"), AttributeValue.fromBool(true), AttributeValue.fromNul(true), AttributeValue.fromM(Map.of()))) {
            assertValidationError(() -> update("x", updates("a", add(v))))
                    .hasMessageContaining("One or more parameter values were invalid: ADD action is not supported for the type " + type(v));
        }
    }

    @Test
    void deleteTakesSetsOnly() {
        // Recorded: architect/dynalite test/updateItem.js "should return ValidationException if trying to delete incorrect types"
        for (AttributeValue v : List.of(s("1"), n(1), AttributeValue.fromL(List.of()), AttributeValue.fromBool(false))) {
            assertValidationError(() -> update("x", updates("a", delete(v))))
                    .hasMessageContaining("One or more parameter values were invalid: DELETE action with value is not supported for the type " + type(v));
        }
    }

    @Test
    void onlyDeleteMayGoWithoutAValue() {
        // Recorded: architect/dynalite test/updateItem.js "should return ValidationException if update has no value"
        assertValidationError(() -> update("x", updates("a", AttributeValueUpdate.builder().action(AttributeAction.ADD).build())))
                .hasMessageContaining("One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified");
        assertValidationError(() -> update("x", updates("a", AttributeValueUpdate.builder().build())))
                .hasMessageContaining("Only DELETE action is allowed when no attribute value is specified");
    }

    @Test
    void keyAttributesCannotBeUpdated() {
        // Recorded: architect/dynalite test/updateItem.js "should return ValidationException if trying to update key"
        //   ("Cannot update attribute a. This attribute is part of the key")
        assertValidationError(() -> update("x", updates("id", put(s("y")))))
                .hasMessageContaining("One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key");
    }

    @Test
    void anUnknownActionIsRefusedByTheEnumConstraint() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html#DDB-Type-AttributeValueUpdate-Action "Valid Values: ADD | PUT | DELETE"
        // Ferry's choice: the order of the values in the message is the service model's; no recording of this error is known
        // The constraint wording is AWS's pattern; the order of the listed values is the service model's
        assertValidationError(() -> update("x", updates("a", AttributeValueUpdate.builder().action("APPEND").value(n(1)).build())))
                .hasMessageContaining("Value 'APPEND' at 'attributeUpdates.a.member.action' failed to satisfy constraint: Member must satisfy enum value set");
    }

    private static String type(AttributeValue v) {
        return switch (v.type()) {
            case S -> "S";
            case N -> "N";
            case BOOL -> "BOOL";
            case NUL -> "NULL";
            case M -> "M";
            case L -> "L";
            default -> v.type().toString();
        };
    }
}
