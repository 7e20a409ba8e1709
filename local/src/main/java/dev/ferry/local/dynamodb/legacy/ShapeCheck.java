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
                case "QueryFilter", "ScanFilter", "KeyConditions" -> Fields.object(request, field).ifPresent(map ->
                        map.fields().forEachRemaining(e -> {
                            String member = path + "." + e.getKey() + ".member.comparisonOperator";
                            JsonNode op = Fields.entry(field, e.getKey(), e.getValue()).get("ComparisonOperator");
                            if (op == null || op.isNull()) {
                                check.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
                            } else {
                                check.operator(member, Fields.text(e.getValue(), "ComparisonOperator").orElseThrow());
                            }
                        }));
                case "Expected" -> Fields.object(request, field).ifPresent(map ->
                        map.fields().forEachRemaining(e -> Fields.text(Fields.entry(field, e.getKey(), e.getValue()), "ComparisonOperator")
                                .ifPresent(op -> check.operator(path + "." + e.getKey() + ".member.comparisonOperator", op))));
                case "AttributeUpdates" -> Fields.object(request, field).ifPresent(map ->
                        map.fields().forEachRemaining(e -> Fields.text(Fields.entry(field, e.getKey(), e.getValue()), "Action")
                                .ifPresent(action -> check.oneOf(path + "." + e.getKey() + ".member.action", action,
                                        "[ADD, PUT, DELETE]", "ADD", "PUT", "DELETE"))));
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
