package dev.ferry.local.dynamodb.legacy;

import java.util.List;
import java.util.Optional;

/**
 * The operations that take legacy parameters, with the parameters in the order AWS lists them in its
 * "Can not use both expression and non-expression parameters" message. The orders are those of
 * ExtendDB's dual-target test, which asserts AWS's exact text
 * (https://github.com/ExtendDB/extenddb/blob/main/tests/test_conditional_operator.py), and of dynalite's
 * tests, run against live DynamoDB (https://github.com/mhart/dynalite/blob/master/test/query.js).
 *
 * @param legacy the legacy parameters, in message order
 * @param expressions the expression parameters, in message order
 * @param valueExpressions the expression parameters that can use ExpressionAttributeValues, named when
 *     values are given without them ("ExpressionAttributeValues can only be specified when using
 *     expressions: UpdateExpression and ConditionExpression are null")
 * @param conditionMap the map ConditionalOperator combines, if the operation has one
 */
enum LegacyOperation {
    GET_ITEM("GetItem", List.of("AttributesToGet"), List.of("ProjectionExpression"), List.of(), Optional.empty()),
    /** Applies to each table's KeysAndAttributes, which is where BatchGetItem's parameters live. */
    BATCH_GET_ITEM("BatchGetItem", List.of("AttributesToGet"), List.of("ProjectionExpression"), List.of(), Optional.empty()),
    PUT_ITEM("PutItem", List.of("Expected", "ConditionalOperator"), List.of("ConditionExpression"),
            List.of("ConditionExpression"), Optional.of("Expected")),
    DELETE_ITEM("DeleteItem", List.of("Expected", "ConditionalOperator"), List.of("ConditionExpression"),
            List.of("ConditionExpression"), Optional.of("Expected")),
    UPDATE_ITEM("UpdateItem", List.of("AttributeUpdates", "Expected", "ConditionalOperator"),
            List.of("UpdateExpression", "ConditionExpression"), List.of("UpdateExpression", "ConditionExpression"),
            Optional.of("Expected")),
    QUERY("Query", List.of("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"),
            List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
            List.of("FilterExpression", "KeyConditionExpression"), Optional.of("QueryFilter")),
    SCAN("Scan", List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"),
            List.of("ProjectionExpression", "FilterExpression"), List.of("FilterExpression"), Optional.of("ScanFilter"));

    private final String wireName;
    private final List<String> legacy;
    private final List<String> expressions;
    private final List<String> valueExpressions;
    private final Optional<String> conditionMap;

    LegacyOperation(String wireName, List<String> legacy, List<String> expressions, List<String> valueExpressions,
                    Optional<String> conditionMap) {
        this.wireName = wireName;
        this.legacy = legacy;
        this.expressions = expressions;
        this.valueExpressions = valueExpressions;
        this.conditionMap = conditionMap;
    }

    /** The operation with this X-Amz-Target name, if it takes legacy parameters. */
    static Optional<LegacyOperation> named(String operation) {
        for (LegacyOperation o : values()) {
            if (o.wireName.equals(operation)) return Optional.of(o);
        }
        return Optional.empty();
    }

    List<String> legacy() {
        return legacy;
    }

    List<String> expressions() {
        return expressions;
    }

    List<String> valueExpressions() {
        return valueExpressions;
    }

    Optional<String> conditionMap() {
        return conditionMap;
    }
}
