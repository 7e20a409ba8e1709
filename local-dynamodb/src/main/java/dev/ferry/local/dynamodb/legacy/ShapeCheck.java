package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The constraints the service model puts on the legacy members (enums, required members, list lengths),
 * which AWS checks before anything else and reports together as "N validation errors detected: ...",
 * naming each member by its path, e.g. {@code queryFilter.a.member.comparisonOperator} (dynalite's
 * live-recorded messages, https://github.com/mhart/dynalite/blob/master/test/query.js, "should return
 * ValidationException for incorrect attributes"). The AttributeUpdates Action values are listed in the
 * service model's order ({@code AttributeAction}: ADD, PUT, DELETE); AWS's own order there is not recorded.
 */
final class ShapeCheck {
    private static final int MAX_REPORTED = 10;
    private final List<String> errors = new ArrayList<>();

    /** Checks the legacy members of a request (or of one BatchGetItem table, under {@code prefix}). */
    static void check(LegacyOperation operation, JsonNode request, String prefix) {
        ShapeCheck check = new ShapeCheck();
        // A missing TableName is a constraint error too, reported with the others as AWS reports it; AWS
        // also puts a malformed name before the legacy rules (ExtendDB's TestTableNameValidationPrecedence),
        // which the operations check after this front end.
        if (operation != LegacyOperation.BATCH_GET_ITEM && !Fields.present(request, "TableName")) {
            check.add("Value null at 'tableName' failed to satisfy constraint: Member must not be null");
        }
        for (String field : operation.legacy()) {
            String path = prefix + Character.toLowerCase(field.charAt(0)) + field.substring(1);
            switch (field) {
                case "ConditionalOperator" -> Fields.text(request, field).ifPresent(v -> check.oneOf(path, v, "[OR, AND]", "OR", "AND"));
                case "QueryFilter", "ScanFilter", "KeyConditions" -> Fields.object(request, field)
                        .ifPresent(map -> map.fields().forEachRemaining(e -> check.condition(field, path, e.getKey(), e.getValue())));
                case "Expected" -> Fields.object(request, field)
                        .ifPresent(map -> map.fields().forEachRemaining(e -> check.expected(path, e.getKey(), e.getValue())));
                case "AttributeUpdates" -> Fields.object(request, field)
                        .ifPresent(map -> map.fields().forEachRemaining(e -> check.update(path, e.getKey(), e.getValue())));
                case "AttributesToGet" -> Fields.array(request, field).ifPresent(list -> {
                    if (list.isEmpty()) {
                        check.add("Value '[]' at '" + path + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
                    }
                });
                default -> throw new IllegalStateException("no shape rules for " + field);
            }
        }
        check.report();
    }

    /** A Condition's ComparisonOperator is required. */
    private void condition(String parameter, String path, String attribute, JsonNode condition) {
        String member = path + "." + attribute + ".member.comparisonOperator";
        Fields.text(Fields.entry(parameter, attribute, condition), "ComparisonOperator").ifPresentOrElse(
                op -> operator(member, op),
                () -> add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null"));
    }

    /** An ExpectedAttributeValue's ComparisonOperator is optional (Value and Exists are the other form). */
    private void expected(String path, String attribute, JsonNode expected) {
        Fields.text(Fields.entry("Expected", attribute, expected), "ComparisonOperator")
                .ifPresent(op -> operator(path + "." + attribute + ".member.comparisonOperator", op));
    }

    /** An AttributeValueUpdate's Action is optional (PUT by default). */
    private void update(String path, String attribute, JsonNode update) {
        Fields.text(Fields.entry("AttributeUpdates", attribute, update), "Action")
                .ifPresent(action -> oneOf(path + "." + attribute + ".member.action", action, "[ADD, PUT, DELETE]", "ADD", "PUT", "DELETE"));
    }

    private void operator(String member, String value) {
        if (!Operator.isName(value)) {
            add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + Operator.ENUM_VALUE_SET);
        }
    }

    private void oneOf(String member, String value, String set, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) return;
        }
        add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must satisfy enum value set: " + set);
    }

    private void add(String error) {
        if (errors.size() < MAX_REPORTED) errors.add(error);
    }

    private void report() {
        if (errors.isEmpty()) return;
        throw ApiException.validation(errors.size() + " validation error" + (errors.size() > 1 ? "s" : "") + " detected: "
                + String.join("; ", errors));
    }
}
