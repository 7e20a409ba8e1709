package dev.ferry.functions.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ferry.functions.money.Money;
import dev.ferry.functions.money.MoneyException;
import dev.ferry.http.HttpRequest;
import dev.ferry.http.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A request body read strictly: a JSON object of at most {@link #MAX_BYTES} bytes, no duplicate or unknown
 * fields, each field of the expected JSON type. Every violation is an {@link InvalidRequest} naming the field.
 */
public final class JsonBody {

    public static final int MAX_BYTES = 16 * 1024;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses the body of {@code request}, allowing only the fields in {@code allowed}. */
    public static JsonBody parse(HttpRequest request, Set<String> allowed) {
        request.header("Content-Type").ifPresent(type -> {
            String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!media.equals("application/json") && !media.endsWith("+json")) {
                throw new InvalidRequest(Problem.of("unsupported-media-type", "Unsupported media type", 415,
                        "The body must be application/json, not " + type));
            }
        });
        if (request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidRequest(Problem.of("payload-too-large", "Payload too large", 413,
                    "The body must be at most " + MAX_BYTES + " bytes"));
        }
        if (request.body().isBlank()) {
            throw InvalidRequest.badRequest("The body is empty; send a JSON object with the fields " + String.join(", ", new TreeSet<>(allowed)));
        }
        JsonNode root;
        try {
            root = STRICT.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw InvalidRequest.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw InvalidRequest.badRequest("The body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw InvalidRequest.badRequest("Unknown field '" + name + "'; allowed fields are " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return new JsonBody(root);
    }

    /** A required string field of {@code min..max} characters matching {@code pattern}, described by {@code what}. */
    public String text(String field, int min, int max, Pattern pattern, String what) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw InvalidRequest.badRequest("Field '" + field + "' is required: " + what);
        }
        if (!value.isTextual()) {
            throw InvalidRequest.badRequest("Field '" + field + "' must be a string (" + what + "), not " + kind(value));
        }
        String text = value.asText();
        // Characters as a person counts them (code points), not UTF-16 units: an emoji is one, not two.
        int length = text.codePointCount(0, text.length());
        if (length < min || length > max) {
            throw InvalidRequest.badRequest("Field '" + field + "' must be " + min + " to " + max + " characters long, got " + length);
        }
        if (!pattern.matcher(text).matches()) {
            throw InvalidRequest.badRequest("Field '" + field + "' must be " + what + ", got '" + text + "'");
        }
        return text;
    }

    /**
     * A positive amount: {@code amountField} a decimal string such as "12.50" (a JSON number is refused: it
     * would pass through binary floating point in many clients) and {@code currencyField} an ISO 4217 code.
     */
    public Money positiveMoney(String amountField, String currencyField) {
        JsonNode amount = root.get(amountField);
        if (amount != null && amount.isNumber()) {
            throw InvalidRequest.badRequest("Field '" + amountField + "' must be a decimal string such as \"12.50\", not a JSON number");
        }
        String amountText = text(amountField, 1, 32, Pattern.compile(".*"), "a decimal string such as \"12.50\"");
        String currency = text(currencyField, 3, 3, Pattern.compile(".*"), "an ISO 4217 currency code such as \"USD\"");
        try {
            Money.currency(currency);
        } catch (MoneyException e) {
            throw InvalidRequest.badRequest("Field '" + currencyField + "': " + e.getMessage());
        }
        Money money;
        try {
            money = Money.parse(amountText, currency);
        } catch (MoneyException e) {
            throw InvalidRequest.badRequest("Field '" + amountField + "': " + e.getMessage());
        }
        if (!money.isPositive()) {
            throw InvalidRequest.badRequest("Field '" + amountField + "' must be greater than zero, got " + amountText);
        }
        return money;
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
