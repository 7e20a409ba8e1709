package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * AttributesToGet as a ProjectionExpression of top-level names: it "cannot retrieve individual elements
 * within a List or a Map" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html),
 * so {@code a.b} in it is the attribute named {@code a.b}.
 */
final class AttributesToGet {
    private final List<String> names;

    private AttributesToGet(List<String> names) {
        this.names = List.copyOf(names);
    }

    static Optional<AttributesToGet> of(JsonNode request) {
        return Fields.array(request, "AttributesToGet").map(list -> {
            Set<String> seen = new LinkedHashSet<>();
            List<String> names = new ArrayList<>();
            for (JsonNode n : list) {
                if (!n.isTextual()) throw Fields.mistyped("AttributesToGet", "a list of strings");
                // dynalite's live-recorded text (https://github.com/mhart/dynalite/blob/master/test/getItem.js)
                if (!seen.add(n.textValue())) throw Fields.invalidParameter("Duplicate value in attribute name: " + n.textValue());
                names.add(n.textValue());
            }
            return new AttributesToGet(names);
        });
    }

    /**
     * Query and Scan: Select may only say SPECIFIC_ATTRIBUTES next to AttributesToGet, which is what
     * AttributesToGet alone means. AWS words the COUNT case "...to get only the Count" (DynamoDB Local's
     * error table, OBTAINING_COUNT_AND_ATTRIBUTES); the other texts follow the same pattern with the
     * Select value, which AWS does not document.
     */
    static void requireCompatibleSelect(JsonNode request) {
        Fields.text(request, "Select").ifPresent(select -> {
            switch (select) {
                case "COUNT" -> throw ApiException.validation("Cannot specify the AttributesToGet when choosing to get only the Count");
                case "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES" ->
                        throw ApiException.validation("Cannot specify the AttributesToGet when choosing to get " + select);
                default -> { } // SPECIFIC_ATTRIBUTES, or a value the operation's own enum check refuses
            }
        });
    }

    String expression(Placeholders placeholders) {
        return String.join(", ", names.stream().map(placeholders::name).toList());
    }
}
