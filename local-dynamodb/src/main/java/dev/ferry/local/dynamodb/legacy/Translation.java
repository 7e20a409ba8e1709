package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.legacy.Translated.Rewording;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rewrites a request's legacy parameters into expression parameters, after checking them in AWS's order:
 * the members' shapes, the mixing rules, ConditionalOperator, then each parameter's own rules (for Query:
 * QueryFilter, AttributesToGet, KeyConditions, as dynalite's live-run validation orders them,
 * https://github.com/mhart/dynalite/blob/master/validations/query.js).
 */
final class Translation {
    /** What an expression may have, which a translation must respect too (Parser.MAX_EXPRESSION_BYTES). */
    private static final int MAX_EXPRESSION_BYTES = 4096;

    /**
     * The expression form says "Filter Expression" where the legacy one says "QueryFilter" (dynalite's
     * live-recorded messages, https://github.com/mhart/dynalite/blob/master/test/query.js, "should return
     * ValidationException if hash key in QueryFilter").
     */
    private static final Rewording QUERY_FILTER_ON_KEY = new Rewording(
            "Filter Expression can only contain non-primary key attributes",
            "QueryFilter can only contain non-primary key attributes");

    /**
     * An AttributeUpdates action meeting an attribute of another type: "Type mismatch for attribute to
     * update", a message AWS lists among UpdateItem's validation errors
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html, under
     * TransactionCanceledException) and dynalite's live-run tests show for AttributeUpdates.
     */
    private static final Rewording UPDATE_TYPE_MISMATCH = new Rewording(
            "An operand in the update expression has an incorrect data type",
            "Type mismatch for attribute to update");

    private Translation() {}

    static Translated of(LegacyOperation operation, ObjectNode request) {
        return operation == LegacyOperation.BATCH_GET_ITEM ? batchGetItem(request) : single(operation, request);
    }

    private static Translated single(LegacyOperation operation, ObjectNode request) {
        if (operation.legacy().stream().noneMatch(f -> Fields.present(request, f))) return Translated.unchanged(request);
        ShapeCheck.check(operation, request, "");
        Mixing.check(operation, request);
        Mixing.checkConditionalOperator(operation, request);
        String conditionalOperator = Fields.text(request, "ConditionalOperator").orElse("AND");

        ObjectNode out = request.deepCopy();
        operation.legacy().forEach(out::remove);
        Placeholders placeholders = Placeholders.extending(out);
        List<Rewording> rewordings = new ArrayList<>();
        switch (operation) {
            case GET_ITEM -> AttributesToGet.of(request).ifPresent(a -> put(out, "ProjectionExpression", a.expression(placeholders)));
            case PUT_ITEM, DELETE_ITEM -> condition(out, "ConditionExpression",
                    Conditions.expected(request), placeholders, conditionalOperator);
            case UPDATE_ITEM -> {
                AttributeUpdates updates = AttributeUpdates.of(request);
                var expected = Conditions.expected(request);
                if (!updates.isEmpty()) put(out, "UpdateExpression", updates.expression(placeholders));
                condition(out, "ConditionExpression", expected, placeholders, conditionalOperator);
                if (!updates.isEmpty()) rewordings.add(UPDATE_TYPE_MISMATCH);
            }
            case QUERY -> {
                var filter = Conditions.filter(request, "QueryFilter");
                var attributes = AttributesToGet.of(request);
                attributes.ifPresent(a -> AttributesToGet.requireCompatibleSelect(request));
                var keyConditions = Fields.present(request, "KeyConditions")
                        ? Conditions.keyConditions(request) : List.<LegacyCondition>of();
                if (!keyConditions.isEmpty()) {
                    put(out, "KeyConditionExpression", Conditions.expression(keyConditions, placeholders, "AND"));
                }
                condition(out, "FilterExpression", filter, placeholders, conditionalOperator);
                attributes.ifPresent(a -> put(out, "ProjectionExpression", a.expression(placeholders)));
                if (!filter.isEmpty()) rewordings.add(QUERY_FILTER_ON_KEY);
            }
            case SCAN -> {
                var filter = Conditions.filter(request, "ScanFilter");
                var attributes = AttributesToGet.of(request);
                attributes.ifPresent(a -> AttributesToGet.requireCompatibleSelect(request));
                condition(out, "FilterExpression", filter, placeholders, conditionalOperator);
                attributes.ifPresent(a -> put(out, "ProjectionExpression", a.expression(placeholders)));
            }
            case BATCH_GET_ITEM -> throw new IllegalStateException("BatchGetItem is translated table by table");
        }
        placeholders.writeTo(out);
        return new Translated(out, rewordings, UnaryOperator.identity());
    }

    /**
     * BatchGetItem: AttributesToGet lives in each table's KeysAndAttributes, and the rules apply there.
     * UnprocessedKeys echoes a table's KeysAndAttributes, so it gets the AttributesToGet back for the
     * client to resend as it was.
     */
    private static Translated batchGetItem(ObjectNode request) {
        JsonNode items = request.get("RequestItems");
        if (items == null || !items.isObject()) return Translated.unchanged(request);
        ObjectNode out = request.deepCopy();
        Map<String, JsonNode> asGiven = new LinkedHashMap<>();
        items.fields().forEachRemaining(e -> {
            JsonNode spec = e.getValue();
            if (!spec.isObject() || !Fields.present(spec, "AttributesToGet")) return;
            ShapeCheck.check(LegacyOperation.BATCH_GET_ITEM, spec, "requestItems." + e.getKey() + ".member.");
            Mixing.check(LegacyOperation.BATCH_GET_ITEM, spec);
            ObjectNode translated = (ObjectNode) out.get("RequestItems").get(e.getKey());
            translated.remove("AttributesToGet");
            Placeholders placeholders = Placeholders.extending(translated);
            AttributesToGet.of(spec).ifPresent(a -> put(translated, "ProjectionExpression", a.expression(placeholders)));
            placeholders.writeTo(translated);
            asGiven.put(e.getKey(), spec.get("AttributesToGet"));
        });
        if (asGiven.isEmpty()) return Translated.unchanged(request);
        return new Translated(out, List.of(), response -> withAttributesToGet(response, asGiven));
    }

    private static JsonNode withAttributesToGet(JsonNode response, Map<String, JsonNode> asGiven) {
        JsonNode unprocessed = response.get("UnprocessedKeys");
        if (unprocessed == null || !unprocessed.isObject() || unprocessed.isEmpty()) return response;
        ObjectNode restored = response.deepCopy();
        asGiven.forEach((table, attributes) -> {
            JsonNode entry = restored.get("UnprocessedKeys").get(table);
            if (entry instanceof ObjectNode spec) {
                spec.remove("ProjectionExpression");
                spec.remove("ExpressionAttributeNames");
                spec.set("AttributesToGet", attributes.deepCopy());
            }
        });
        return restored;
    }

    private static void condition(ObjectNode out, String parameter, List<LegacyCondition> conditions,
                                  Placeholders placeholders, String conditionalOperator) {
        if (!conditions.isEmpty()) put(out, parameter, Conditions.expression(conditions, placeholders, conditionalOperator));
    }

    private static void put(ObjectNode out, String parameter, String expression) {
        int size = expression.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_EXPRESSION_BYTES) {
            throw ApiException.validation("Ferry's DynamoDB emulator runs legacy parameters as a " + parameter
                    + ", and this request's would be " + size + " bytes, more than the " + MAX_EXPRESSION_BYTES
                    + " an expression may have; split the request or send the " + parameter + " itself");
        }
        out.put(parameter, expression);
    }
}
