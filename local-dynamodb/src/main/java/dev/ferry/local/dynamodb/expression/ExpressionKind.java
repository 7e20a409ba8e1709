package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.ApiException;

/** Which request parameter an expression came from; DynamoDB names it in every error. */
enum ExpressionKind {
    CONDITION("ConditionExpression"),
    FILTER("FilterExpression"),
    KEY_CONDITION("KeyConditionExpression"),
    UPDATE("UpdateExpression"),
    PROJECTION("ProjectionExpression");

    private final String parameter;

    ExpressionKind(String parameter) {
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }

    ApiException invalid(String detail) {
        return ApiException.validation("Invalid " + parameter + ": " + detail);
    }
}
