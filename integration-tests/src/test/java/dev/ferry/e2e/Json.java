package dev.ferry.e2e;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/** JSON as the API reads it: strictly (a repeated member or anything after the value is no JSON document), numbers exact. */
final class Json {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Numbers stay exact, as the functions read them (1E+400 is a number, not infinity).
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    /** The value of {@code text}, or empty when it is not exactly one JSON value. */
    static Optional<JsonNode> strict(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** {@code text}, which the caller knows to be JSON. */
    static JsonNode parse(String text) {
        return strict(text).orElseThrow(() -> new IllegalArgumentException("not JSON: " + Shown.text(text, 200)));
    }
}
