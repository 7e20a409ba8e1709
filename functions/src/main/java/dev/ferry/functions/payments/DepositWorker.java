package dev.ferry.functions.payments;

import dev.ferry.batch.Outcome;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.consumer.ExactlyOnce;
import dev.ferry.functions.events.DepositApplied;
import dev.ferry.functions.events.DepositRequested;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.money.Money;
import dev.ferry.functions.money.MoneyException;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.outbox.Outbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Applies a deposit command exactly once: the key {@code DepositWorker#<deposit id>}, the deposit's ledger
 * entry (kept for good, so a command redriven after the key expired is recognised too), the versioned
 * balance update and the {@code DepositApplied} outbox record commit in one transaction.
 */
public final class DepositWorker {

    public static final String CONSUMER = "DepositWorker";

    private final AccountTable accounts;
    private final Outbox outbox;
    private final ExactlyOnce once;
    private final Clock clock;

    public DepositWorker(AccountTable accounts, Outbox outbox, ExactlyOnce once, Clock clock) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.once = once;
        this.clock = clock;
    }

    public Outcome apply(Envelope<DepositRequested> command) {
        DepositRequested deposit = command.data();
        Money amount;
        try {
            amount = Money.parse(deposit.amount(), deposit.currency());
        } catch (MoneyException e) {
            return Outcome.reject("deposit " + deposit.depositId() + " has an invalid amount: " + e.getMessage());
        }
        String hash = PayloadHash.ofParts(deposit.depositId(), deposit.accountId(), amount.toString());
        return once.apply(deposit.depositId(), hash, () -> plan(command, amount));
    }

    private ExactlyOnce.Plan plan(Envelope<DepositRequested> command, Money amount) {
        DepositRequested deposit = command.data();
        Optional<Account> found = accounts.find(deposit.accountId());
        if (found.isEmpty()) {
            return new ExactlyOnce.Plan.Settle(Outcome.reject("deposit " + deposit.depositId() + ": account " + deposit.accountId() + " does not exist"));
        }
        Account before = found.get();
        return switch (before.deposit(amount)) {
            case Account.Deposit.Refused refused -> new ExactlyOnce.Plan.Settle(Outcome.reject("deposit " + deposit.depositId() + ": " + refused.reason()));
            case Account.Deposit.Accepted accepted -> {
                Account after = accepted.after();
                Envelope<DepositApplied> applied = Envelope.of(Events.PAYMENTS_SOURCE, Events.DEPOSIT_APPLIED, after.id(),
                        new DepositApplied(after.id(), deposit.depositId(), amount.text(), after.balance().text()));
                List<TransactWriteItem> effects = new ArrayList<>();
                effects.add(accounts.recordDeposit(deposit.depositId(), after, amount, clock.instant()));
                effects.add(accounts.update(before, after));
                effects.addAll(outbox.records(List.of(applied)));
                yield new ExactlyOnce.Plan.Commit(effects, "balance " + after.balance(), OptionalInt.of(0));
            }
        };
    }
}
