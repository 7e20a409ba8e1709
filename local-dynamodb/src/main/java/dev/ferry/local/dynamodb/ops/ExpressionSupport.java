package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.ExpressionContext;
import dev.ferry.local.dynamodb.expression.Expressions;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.model.ValueJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The expressions of one request (or of one item of a transaction) parsed against one shared
 * placeholder context, with AWS's rules for names and values given without any expression.
 */
final class ExpressionSupport {
    private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");

    private final JsonNode req;
    private final Optional<ExpressionContext> context;

    private ExpressionSupport(JsonNode req, Optional<ExpressionContext> context) {
        this.req = req;
        this.context = context;
    }

    /** Prepares a context when any of {@code expressionFields} is present. */
    static ExpressionSupport of(JsonNode req, String... expressionFields) {
        return of(req, true, expressionFields);
    }

    /**
     * Like {@link #of(JsonNode, String...)}; {@code checkValueDepth} false leaves the nesting of the values
     * unchecked, as TransactWriteItems does (limits/nestingDepth.test.ts: "does not check the depth of an
     * Update ExpressionAttributeValue", all regions; UpdateItem checks it in most).
     */
    static ExpressionSupport of(JsonNode req, boolean checkValueDepth, String... expressionFields) {
        boolean any = false;
        for (String f : expressionFields) any |= Req.has(req, f);
        boolean names = Req.has(req, "ExpressionAttributeNames");
        boolean values = Req.has(req, "ExpressionAttributeValues");
        if (!any) {
            if (names) throw ApiException.validation("ExpressionAttributeNames can only be specified when using expressions");
            if (values) throw ApiException.validation(valuesWithoutExpression(expressionFields));
            return new ExpressionSupport(req, Optional.empty());
        }
        if (names && req.get("ExpressionAttributeNames").isEmpty()) {
            throw ApiException.validation("ExpressionAttributeNames must not be empty");
        }
        Map<String, String> nameMap = Req.names(req.get("ExpressionAttributeNames"));
        nameMap.keySet().forEach(k -> requireKey(k, NAME_KEY, "ExpressionAttributeNames"));
        if (values && req.get("ExpressionAttributeValues").isEmpty()) {
            throw ApiException.validation("ExpressionAttributeValues must not be empty");
        }
        Map<String, Value> valueMap = new LinkedHashMap<>();
        if (values) {
            req.get("ExpressionAttributeValues").fieldNames().forEachRemaining(k -> requireKey(k, VALUE_KEY, "ExpressionAttributeValues"));
            // each value's problem is named with its key (dynalite test/deleteItem.js "invalid values in ExpressionAttributeValues")
            req.get("ExpressionAttributeValues").properties().forEach(e -> {
                try {
                    Value value = ValueJson.decode(e.getValue());
                    if (checkValueDepth && Value.nesting(value) > Value.MAX_NESTING) throw Req.tooDeep();
                    valueMap.put(e.getKey(), value);
                } catch (ApiException invalid) {
                    throw ApiException.validation("ExpressionAttributeValues contains invalid value: " + invalid.getMessage() + " for key " + e.getKey());
                }
            });
        }
        return new ExpressionSupport(req, Optional.of(new ExpressionContext(nameMap, valueMap)));
    }

    /** A placeholder's syntax, checked before any value is read (dynalite test/deleteItem.js). */
    private static void requireKey(String key, Pattern syntax, String member) {
        if (!syntax.matcher(key).matches()) throw ApiException.validation(member + " contains invalid key: Syntax error; key: \"" + key + "\"");
    }

    /**
     * AWS names the expressions that could have used the values: "ExpressionAttributeValues can only be specified
     * when using expressions: UpdateExpression and ConditionExpression are null" (dynalite validations/index.js
     * validateExpressionParams and test/scan.js, recorded on DynamoDB).
     */
    private static String valuesWithoutExpression(String... expressionFields) {
        List<String> using = new ArrayList<>();
        for (String f : List.of("UpdateExpression", "ConditionExpression", "FilterExpression", "KeyConditionExpression")) {
            if (Arrays.asList(expressionFields).contains(f)) using.add(f);
        }
        String message = "ExpressionAttributeValues can only be specified when using expressions";
        if (using.isEmpty()) return message;
        return message + ": " + String.join(" and ", using) + (using.size() > 1 ? " are" : " is") + " null";
    }

    Optional<Expressions.Condition> condition(String field) {
        return text(field).map(t -> Expressions.parseCondition(t, context.orElseThrow()));
    }

    /** A FilterExpression: the condition grammar, with errors that name FilterExpression. */
    Optional<Expressions.Condition> filter(String field) {
        return text(field).map(t -> Expressions.parseFilter(t, context.orElseThrow()));
    }

    Optional<Expressions.Update> update(String field) {
        return text(field).map(t -> Expressions.parseUpdate(t, context.orElseThrow()));
    }

    Optional<Expressions.Projection> projection(String field) {
        return text(field).map(t -> Expressions.parseProjection(t, context.orElseThrow()));
    }

    /** The KeyConditionExpression, checked as far as it can be before the table is known. */
    Expressions.KeyConditions keyConditions(String field) {
        String t = text(field).orElseThrow(() -> ApiException.validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."));
        return Expressions.parseKeyConditions(t, context.orElseThrow());
    }

    /** After all expressions are parsed: an unused name or value is an error, as on AWS. */
    void requireAllUsed() {
        context.ifPresent(ExpressionContext::requireAllUsed);
    }

    private Optional<String> text(String field) {
        Optional<String> t = Req.optText(req, field);
        t.ifPresent(s -> {
            if (s.isEmpty()) throw ApiException.validation("Invalid " + field + ": The expression can not be empty;");
        });
        return t;
    }
}
