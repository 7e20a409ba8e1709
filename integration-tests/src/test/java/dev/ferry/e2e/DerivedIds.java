package dev.ferry.e2e;

import dev.ferry.http.Caller;
import dev.ferry.http.IdempotentEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ids the API functions derive from a caller's {@code Idempotency-Key} (docs/architecture.md, "Order and
 * account ids", "Deposits"), so that a test can look up what a request would have created. The fuzz test
 * checks these against every accepted request, so they cannot silently drift from the functions'.
 */
final class DerivedIds {

    private DerivedIds() {
    }

    /** As {@code OrdersApi.orderId}. */
    static String order(Caller caller, String key) {
        return nameUuid("order\n" + IdempotentEndpoint.callerScoped(caller, key));
    }

    /** As {@code AccountsApi.accountId}. */
    static String account(Caller caller, String key) {
        return nameUuid("account\n" + IdempotentEndpoint.callerScoped(caller, key));
    }

    /** As {@code DepositCommands.depositId}. */
    static String deposit(String accountId, Caller caller, String key) {
        return nameUuid(accountId + "\n" + IdempotentEndpoint.callerScoped(caller, key));
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
