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
 * Applies a deposit command exactly once: the key {@code DepositWorker#<deposit id>}, the deposit's record moved
 * from PENDING to APPLIED (kept for good, so a command redriven after the key expired is recognised too), the
 * versioned balance update and the {@code DepositApplied} outbox record commit in one transaction. A command
 * that can never succeed is recorded REJECTED with its reason and dead-lettered, never retried.
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
            // Not even a record can be written for it: no amount. The message goes to the DLQ with the reason.
            return Outcome.reject("deposit " + deposit.depositId() + " has an invalid amount: " + e.getMessage());
        }
        String hash = PayloadHash.ofParts(deposit.depositId(), deposit.accountId(), amount.toString());
        return once.apply(deposit.depositId(), hash, () -> plan(deposit, amount));
    }

    private ExactlyOnce.Plan plan(DepositRequested deposit, Money amount) {
        Optional<DepositRecord> recorded = accounts.findDeposit(deposit.depositId());
        if (recorded.isPresent() && recorded.get().decided()) {
            // Applied or refused before (a redelivery, a redrive at any later time): nothing more to do.
            DepositRecord decided = recorded.get();
            return new ExactlyOnce.Plan.Settle(decided.status() == DepositStatus.APPLIED ? Outcome.done()
                    : Outcome.reject("deposit " + deposit.depositId() + " was rejected: " + decided.reason().orElse("")));
        }
        Optional<Account> found = accounts.find(deposit.accountId());
        if (found.isEmpty()) {
            return refuse(deposit, amount, "account " + deposit.accountId() + " does not exist");
        }
        Account before = found.get();
        return switch (before.deposit(amount)) {
            case Account.Deposit.Refused refused -> refuse(deposit, amount, refused.reason());
            case Account.Deposit.Accepted accepted -> {
                Account after = accepted.after();
                Envelope<DepositApplied> applied = Envelope.of(Events.PAYMENTS_SOURCE, Events.DEPOSIT_APPLIED, after.id(),
                        new DepositApplied(after.id(), deposit.depositId(), amount.text(), after.balance().text()));
                List<TransactWriteItem> effects = new ArrayList<>();
                effects.add(accounts.applyDeposit(deposit.depositId(), after, amount, clock.instant()));
                effects.add(accounts.update(before, after));
                effects.addAll(outbox.records(List.of(applied)));
                yield new ExactlyOnce.Plan.Commit(effects, "balance " + after.balance(), OptionalInt.of(0));
            }
        };
    }

    /**
     * A command that can never succeed: its refusal is recorded (the client sees REJECTED and the reason on
     * the deposit's status resource) and the message is dead-lettered with the reason at once, so the account's
     * later deposits in its FIFO group are not held up behind retries.
     */
    private ExactlyOnce.Plan refuse(DepositRequested deposit, Money amount, String reason) {
        String why = "deposit " + deposit.depositId() + ": " + reason;
        return new ExactlyOnce.Plan.Commit(List.of(accounts.rejectDeposit(deposit.depositId(), deposit.accountId(), amount, reason, clock.instant())),
                "rejected: " + reason, OptionalInt.of(0), Outcome.reject(why));
    }
}
