package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * How many decimals a currency allows, as the API description's currency classes say (two unless listed
 * otherwise): the generator uses it to make amounts that fit their currency more often than chance would.
 */
final class CurrencyDecimals {

    private final Set<String> none;
    private final Set<String> three;
    private final Set<String> four;

    CurrencyDecimals(ApiDescription api) {
        this.none = codes(api, "CurrenciesWithoutDecimals");
        this.three = codes(api, "CurrenciesWithThreeDecimals");
        this.four = codes(api, "CurrenciesWithFourDecimals");
    }

    int of(String currency) {
        return none.contains(currency) ? 0 : three.contains(currency) ? 3 : four.contains(currency) ? 4 : 2;
    }

    /** {@code body} with its {@code amount} cut to the decimals of its {@code currency}; other values as they are. */
    JsonNode fitted(JsonNode body) {
        if (!(body instanceof ObjectNode object) || !object.path("amount").isTextual() || !object.path("currency").isTextual()) {
            return body;
        }
        String amount = object.get("amount").asText();
        int point = amount.indexOf('.');
        if (point < 0) {
            return body;
        }
        int digits = of(object.get("currency").asText());
        String cut = digits == 0 ? amount.substring(0, point) : amount.substring(0, Math.min(amount.length(), point + 1 + digits));
        return object.deepCopy().put("amount", cut);
    }

    private static Set<String> codes(ApiDescription api, String schema) {
        Set<String> codes = new HashSet<>();
        api.node("/components/schemas/" + schema + "/enum").forEach(code -> codes.add(code.asText()));
        return Set.copyOf(codes);
    }
}
