package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.List;

/**
 * AWS's rules for legacy and expression parameters in one request. "DynamoDB does not allow mixing legacy
 * conditional parameters and expression parameters in a single call"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html), with
 * one exception: KeyConditions may come with FilterExpression and ProjectionExpression, as long as there
 * is no KeyConditionExpression. The exception, the message texts and the parameter orders are those that
 * ExtendDB's dual-target tests assert against Amazon DynamoDB
 * (https://github.com/ExtendDB/extenddb/blob/main/tests/test_conditional_operator.py) and that dynalite's
 * live-run tests recorded (https://github.com/mhart/dynalite/blob/master/validations/index.js,
 * validateExpressionParams).
 */
final class Mixing {
    private Mixing() {}

    /** Called only for requests that carry at least one legacy parameter. */
    static void check(LegacyOperation operation, JsonNode request) {
        List<String> expressions = present(request, operation.expressions());
        List<String> legacy = present(request, operation.legacy());
        if (!expressions.isEmpty()) {
            List<String> clashing = legacy.stream()
                    .filter(f -> !f.equals("KeyConditions") || expressions.contains("KeyConditionExpression"))
                    .toList();
            if (!clashing.isEmpty()) {
                throw ApiException.validation("Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {" + String.join(", ", clashing) + "} "
                        + "Expression parameters: {" + String.join(", ", expressions) + "}");
            }
        }
        if (Fields.present(request, "ExpressionAttributeNames") && expressions.isEmpty()) {
            throw ApiException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        List<String> valueExpressions = operation.valueExpressions();
        if (Fields.present(request, "ExpressionAttributeValues") && !valueExpressions.isEmpty()
                && present(request, valueExpressions).isEmpty()) {
            throw ApiException.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + String.join(" and ", valueExpressions) + (valueExpressions.size() > 1 ? " are" : " is") + " null");
        }
    }

    /**
     * ConditionalOperator needs a map of two or more conditions to combine. The texts are AWS's, as
     * ExtendDB's dual-target tests assert them; an empty map counts as none.
     */
    static void checkConditionalOperator(LegacyOperation operation, JsonNode request) {
        if (!Fields.present(request, "ConditionalOperator")) return;
        int conditions = operation.conditionMap().flatMap(map -> Fields.object(request, map)).map(JsonNode::size).orElse(0);
        if (conditions == 0) throw ApiException.validation("ConditionalOperator cannot be used without Filter or Expected");
        if (conditions == 1) {
            throw ApiException.validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
        }
    }

    private static List<String> present(JsonNode request, List<String> fields) {
        return fields.stream().filter(f -> Fields.present(request, f)).toList();
    }
}
