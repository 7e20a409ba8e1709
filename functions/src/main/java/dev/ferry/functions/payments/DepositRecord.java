package dev.ferry.functions.payments;

import dev.ferry.functions.money.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deposit as its status resource shows it ({@code GET /accounts/{id}/deposits/{depositId}}), and as the
 * ledger keeps it for good: the API records it PENDING before the command is queued; the worker moves it
 * once to APPLIED (with the balance after) or REJECTED (with the reason). That single move is what makes a
 * redelivered or redriven command, at any later time, change nothing.
 */
public record DepositRecord(String depositId, String accountId, Money amount, DepositStatus status,
                            Optional<Money> balanceAfter, Optional<String> reason, Instant updatedAt) {

    public DepositRecord {
        Objects.requireNonNull(depositId, "depositId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(balanceAfter, "balanceAfter (use Optional.empty())");
        Objects.requireNonNull(reason, "reason (use Optional.empty())");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Decided for good: the worker has nothing left to do for it. */
    public boolean decided() {
        return status != DepositStatus.PENDING;
    }
}
