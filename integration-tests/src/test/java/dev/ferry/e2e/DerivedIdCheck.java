package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.http.Caller;
import java.util.List;

/**
 * An accepted first request created what {@link DerivedIds} says it would: otherwise the write probe would look
 * for the wrong items and miss real writes.
 */
final class DerivedIdCheck {

    private DerivedIdCheck() {
    }

    static List<Broken> of(FuzzModel.Accepted first) {
        JsonNode body = first.answer().json().orElse(null);
        if (body == null) {
            return List.of(); // the contract checks reported it
        }
        Caller caller = Caller.anonymous();
        String key = first.key();
        return switch (first.operation().operationId()) {
            case "placeOrder" -> same("order id", body.path("id").asText(), DerivedIds.order(caller, key));
            case "openAccount" -> same("account id", body.path("id").asText(), DerivedIds.account(caller, key));
            case "depositToAccount" -> same("deposit id", body.path("depositId").asText(),
                    DerivedIds.deposit(body.path("accountId").asText(), caller, key));
            default -> List.of();
        };
    }

    private static List<Broken> same(String what, String actual, String derived) {
        return actual.equals(derived) ? List.of() : List.of(new Broken("ids derive from the key as DerivedIds says", "the " + what + " " + actual
                + " is not " + derived + ": update DerivedIds to the functions' rule, or the write probe looks for the wrong items"));
    }
}
