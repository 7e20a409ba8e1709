package dev.ferry.functions.orders;

import dev.ferry.batch.Outcome;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.consumer.ExactlyOnce;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;
import dev.ferry.functions.events.OrderRejected;
import dev.ferry.functions.events.PaymentFailed;
import dev.ferry.functions.events.PaymentSucceeded;
import dev.ferry.idempotency.PayloadHash;
import dev.ferry.outbox.Outbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Moves an order to CONFIRMED or REJECTED when its payment outcome arrives, once: the key
 * {@code OrdersConsumer#<event id>}, the versioned order update and {@code OrderConfirmed}/{@code OrderRejected}
 * commit in one transaction.
 */
public final class PaymentOutcomes {

    public static final String CONSUMER = "OrdersConsumer";

    private final OrderTable orders;
    private final Outbox outbox;
    private final ExactlyOnce once;
    private final Clock clock;

    public PaymentOutcomes(OrderTable orders, Outbox outbox, ExactlyOnce once, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.once = once;
        this.clock = clock;
    }

    /** Dispatches on the payload the codec decoded for the event's type. */
    public Outcome apply(Envelope<?> event) {
        return switch (event.data()) {
            case PaymentSucceeded s -> once.apply(event.id(), hash(event, s.orderId()), () -> confirm(s));
            case PaymentFailed f -> once.apply(event.id(), hash(event, f.orderId()), () -> reject(f));
            default -> Outcome.reject("OrdersConsumer takes " + Events.PAYMENT_SUCCEEDED + " and " + Events.PAYMENT_FAILED
                    + ", not " + event.type() + "; check the subscription's filter policy");
        };
    }

    private ExactlyOnce.Plan confirm(PaymentSucceeded payment) {
        return plan(payment.orderId(), order -> order.confirm(clock.instant()), after -> Envelope.of(Events.ORDERS_SOURCE, Events.ORDER_CONFIRMED,
                after.id(), new OrderConfirmed(after.id(), after.accountId(), after.amount().text(), after.amount().currencyCode(),
                        payment.emailAddress().orElse(null))));
    }

    private ExactlyOnce.Plan reject(PaymentFailed payment) {
        return plan(payment.orderId(), order -> order.reject(payment.reason(), clock.instant()), after -> Envelope.of(Events.ORDERS_SOURCE,
                Events.ORDER_REJECTED, after.id(), new OrderRejected(after.id(), after.accountId(), payment.reason())));
    }

    private ExactlyOnce.Plan plan(String orderId, java.util.function.Function<Order, Transition> step,
                                  java.util.function.Function<Order, Envelope<?>> announce) {
        Optional<Order> found = orders.find(orderId);
        if (found.isEmpty()) {
            // The order and its OrderPlaced commit together, so an outcome for an unknown order is not ours.
            return new ExactlyOnce.Plan.Settle(Outcome.reject("order " + orderId + " does not exist"));
        }
        return switch (step.apply(found.get())) {
            case Transition.Unchanged unchanged -> new ExactlyOnce.Plan.Settle(Outcome.done());
            case Transition.Illegal illegal -> new ExactlyOnce.Plan.Settle(Outcome.reject(illegal.reason()));
            case Transition.Changed changed -> {
                List<TransactWriteItem> effects = new ArrayList<>();
                effects.add(orders.update(changed.before(), changed.after()));
                effects.addAll(outbox.records(List.of(announce.apply(changed.after()))));
                yield new ExactlyOnce.Plan.Commit(effects, changed.after().status().name());
            }
        };
    }

    private static String hash(Envelope<?> event, String orderId) {
        return PayloadHash.ofParts(event.type(), event.subject(), orderId);
    }
}
