package dev.ferry.e2e;

import dev.ferry.http.Caller;
import dev.ferry.http.IdempotentEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Looks in DynamoDB for what a refused request could have written under each key it may have been read as:
 * the idempotency record of the key, and the order or account whose id derives from it. A refused request
 * must have written none of them (docs/architecture.md: bad input writes nothing).
 */
final class WriteProbe {

    /** The function behind each idempotency scope of the document: the prefix of its stored keys. */
    private static final Map<String, String> FUNCTIONS = Map.of("orders", "OrdersApi", "payments", "AccountsApi");
    /** Longer keys cannot be stored at all (the toolkit's limit, far inside DynamoDB's 2048 bytes). */
    private static final int STORABLE_KEY = 1024;

    private final FerrySystem ferry;
    private final FuzzModel model;

    WriteProbe(FerrySystem ferry, FuzzModel model) {
        this.ferry = ferry;
        this.model = model;
    }

    /** What {@code call}, refused, wrote anyway; empty when nothing. */
    List<String> writesOf(Operation operation, HttpCall call) {
        List<String> found = new ArrayList<>();
        Optional<String> scope = operation.idempotencyScope();
        if (scope.isEmpty()) {
            return found;
        }
        Caller caller = Caller.anonymous();
        for (String key : IdempotencyKeys.readings(call.header("Idempotency-Key"))) {
            if (key.length() > STORABLE_KEY || model.owner(scope.get(), key).isPresent()) {
                continue; // too long to store, or an accepted request's key: its writes are legitimate
            }
            String stored = IdempotentEndpoint.storedKey(FUNCTIONS.get(scope.get()), caller, key);
            if (exists("idempotency", stored)) {
                found.add("an idempotency record for key '" + Shown.text(key, 40) + "'");
            }
            switch (operation.operationId()) {
                case "placeOrder" -> {
                    if (exists("orders", DerivedIds.order(caller, key))) {
                        found.add("order " + DerivedIds.order(caller, key) + " (derived from key '" + Shown.text(key, 40) + "')");
                    }
                }
                case "openAccount" -> {
                    if (exists("accounts", DerivedIds.account(caller, key))) {
                        found.add("account " + DerivedIds.account(caller, key) + " (derived from key '" + Shown.text(key, 40) + "')");
                    }
                }
                default -> {
                    // a deposit writes no item here: its command goes to the queue, and the run checks balances at the end
                }
            }
        }
        return found;
    }

    private boolean exists(String table, String id) {
        return ferry.dynamoDb().getItem(r -> r.tableName(ferry.name(table)).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).hasItem();
    }
}
