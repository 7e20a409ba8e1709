package dev.ferry.functions.payments;

import dev.ferry.batch.Outcome;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.consumer.ExactlyOnce;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderPlaced;
import dev.ferry.functions.events.PaymentFailed;
import dev.ferry.functions.events.PaymentSucceeded;
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
 * Pays for an order once: debits the account if the funds suffice and emits {@code PaymentSucceeded}, else
 * emits {@code PaymentFailed}; either way the idempotency key, the decision on the order's payment, the
 * balance change (if any) and the event commit in one transaction, so a redelivered {@code OrderPlaced}
 * neither debits twice nor emits twice: within the key's horizon the key says so, and at any time after it
 * the decision (one per order, kept for good) does.
 */
public final class Payments {

    public static final String CONSUMER = "PaymentsConsumer";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";

    private final AccountTable accounts;
    private final Outbox outbox;
    private final ExactlyOnce once;
    private final Clock clock;

    public Payments(AccountTable accounts, Outbox outbox, ExactlyOnce once, Clock clock) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.once = once;
        this.clock = clock;
    }

    public Outcome pay(Envelope<OrderPlaced> placed) {
        OrderPlaced order = placed.data();
        String hash = PayloadHash.ofParts(placed.type(), order.orderId(), order.accountId(), order.amount(), order.currency());
        return once.apply(placed.id(), hash, () -> plan(order));
    }

    private ExactlyOnce.Plan plan(OrderPlaced order) {
        Money amount;
        try {
            amount = Money.parse(order.amount(), order.currency());
        } catch (MoneyException e) {
            return declined(order, "invalid amount: " + e.getMessage());
        }
        Optional<Account> found = accounts.find(order.accountId());
        if (found.isEmpty()) {
            return declined(order, "account " + order.accountId() + " does not exist");
        }
        Account before = found.get();
        return switch (before.debit(amount)) {
            case Account.Debit.Declined declined -> declined(order, declined.reason());
            case Account.Debit.Approved approved -> {
                Account after = approved.after();
                Envelope<PaymentSucceeded> succeeded = Envelope.of(Events.PAYMENTS_SOURCE, Events.PAYMENT_SUCCEEDED, order.orderId(),
                        new PaymentSucceeded(order.orderId(), order.accountId(), amount.text(), amount.currencyCode(),
                                after.balance().text(), after.email()));
                yield commit(order, SUCCEEDED, "", List.of(accounts.update(before, after)), succeeded, "debited " + amount);
            }
        };
    }

    private ExactlyOnce.Plan declined(OrderPlaced order, String reason) {
        Envelope<PaymentFailed> failed = Envelope.of(Events.PAYMENTS_SOURCE, Events.PAYMENT_FAILED, order.orderId(),
                new PaymentFailed(order.orderId(), order.accountId(), order.amount(), order.currency(), reason));
        return commit(order, FAILED, reason, List.of(), failed, "failed");
    }

    /** The decision, the balance change (if any) and the event, with the decision as the once-only guard. */
    private ExactlyOnce.Plan commit(OrderPlaced order, String decision, String reason, List<TransactWriteItem> changes,
            Envelope<?> event, String result) {
        List<TransactWriteItem> effects = new ArrayList<>();
        effects.add(accounts.recordPayment(order.orderId(), order.accountId(), order.amount(), order.currency(), decision, reason,
                clock.instant()));
        effects.addAll(changes);
        effects.addAll(outbox.records(List.of(event)));
        return new ExactlyOnce.Plan.Commit(effects, result, OptionalInt.of(0));
    }
}
