package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.function.Function;

/**
 * The front end for DynamoDB's legacy parameters (KeyConditions, QueryFilter, ScanFilter, Expected,
 * ConditionalOperator, AttributesToGet, AttributeUpdates): a request that carries them is checked with
 * AWS's rules, rewritten into the equivalent expression parameters and run by the operation as any
 * expression request is, so both forms share one evaluator. A request without them passes through
 * untouched.
 */
public final class LegacyParameters {
    private LegacyParameters() {}

    /**
     * Runs {@code operation} (its X-Amz-Target name, e.g. {@code Query}) on the request with its legacy
     * parameters translated, answering as AWS answers the legacy request.
     */
    public static JsonNode run(String operation, JsonNode request, Function<JsonNode, JsonNode> op) {
        Translated translated = LegacyOperation.named(operation)
                .filter(o -> request instanceof ObjectNode)
                .map(o -> Translation.of(o, (ObjectNode) request))
                .orElseGet(() -> Translated.unchanged(request));
        JsonNode response;
        try {
            response = op.apply(translated.request());
        } catch (ApiException e) {
            throw translated.reword(e);
        }
        return translated.restore().apply(response);
    }
}
