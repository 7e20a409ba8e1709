package dev.ferry.functions.events;

import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.envelope.EventTypes;

/** The workflow's event types (docs/architecture.md, "Events"), their sources and the codec that knows them all. */
public final class Events {

    public static final String ACCOUNT_OPENED = "dev.ferry.payments.AccountOpened.v1";
    public static final String ORDER_PLACED = "dev.ferry.orders.OrderPlaced.v1";
    public static final String PAYMENT_SUCCEEDED = "dev.ferry.payments.PaymentSucceeded.v1";
    public static final String PAYMENT_FAILED = "dev.ferry.payments.PaymentFailed.v1";
    public static final String ORDER_CONFIRMED = "dev.ferry.orders.OrderConfirmed.v1";
    public static final String ORDER_REJECTED = "dev.ferry.orders.OrderRejected.v1";
    public static final String DEPOSIT_APPLIED = "dev.ferry.payments.DepositApplied.v1";
    public static final String DEPOSIT_REQUESTED = "dev.ferry.payments.DepositRequested.v1";
    public static final String REQUEST_SERVED = "dev.ferry.telemetry.RequestServed.v1";

    public static final String ORDERS_SOURCE = "/ferry/orders";
    public static final String PAYMENTS_SOURCE = "/ferry/payments";
    public static final String TELEMETRY_SOURCE = "/ferry/telemetry";

    private static final EventTypes TYPES = EventTypes.builder()
            .register(ACCOUNT_OPENED, AccountOpened.class)
            .register(ORDER_PLACED, OrderPlaced.class)
            .register(PAYMENT_SUCCEEDED, PaymentSucceeded.class)
            .register(PAYMENT_FAILED, PaymentFailed.class)
            .register(ORDER_CONFIRMED, OrderConfirmed.class)
            .register(ORDER_REJECTED, OrderRejected.class)
            .register(DEPOSIT_APPLIED, DepositApplied.class)
            .register(DEPOSIT_REQUESTED, DepositRequested.class)
            .register(REQUEST_SERVED, RequestServed.class)
            .build();

    private static final EnvelopeCodec CODEC = new EnvelopeCodec(TYPES);

    private Events() {
    }

    public static EventTypes types() {
        return TYPES;
    }

    public static EnvelopeCodec codec() {
        return CODEC;
    }
}
