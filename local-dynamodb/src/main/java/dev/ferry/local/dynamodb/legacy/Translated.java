package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A request whose legacy parameters became expressions, with what it takes to answer it as the legacy
 * request: errors the expression form words differently, and response members that echo the request.
 *
 * @param request the request the operation runs
 * @param rewordings errors to word the legacy way, first match wins
 * @param restore turns the response to the translated request into the answer to the original one
 */
record Translated(JsonNode request, List<Rewording> rewordings, UnaryOperator<JsonNode> restore) {

    Translated {
        rewordings = List.copyOf(rewordings);
    }

    /**
     * One error message the legacy form words differently: a message starting with {@code expressionPrefix}
     * gets {@code legacyPrefix} instead.
     */
    record Rewording(String expressionPrefix, String legacyPrefix) {}

    static Translated unchanged(JsonNode request) {
        return new Translated(request, List.of(), UnaryOperator.identity());
    }

    ApiException reword(ApiException e) {
        if (!e.code().equals("ValidationException")) return e;
        for (Rewording r : rewordings) {
            if (e.getMessage().startsWith(r.expressionPrefix())) {
                return new ApiException(e.code(), e.status(), r.legacyPrefix() + e.getMessage().substring(r.expressionPrefix().length()));
            }
        }
        return e;
    }
}
