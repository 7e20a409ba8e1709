package dev.ferry.functions.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.functions.money.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private final Order pending = Order.place("o-1", "a-1", Money.parse("12.50", "USD"), T0);

    @Test
    void placedOrderIsPendingAtVersionOne() {
        assertThat(pending.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(pending.version()).isEqualTo(1);
    }

    @Test
    void paymentSuccessConfirmsAPendingOrderAndRaisesTheVersion() {
        Transition.Changed changed = (Transition.Changed) pending.confirm(T1);
        assertThat(changed.before()).isEqualTo(pending);
        assertThat(changed.after().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(changed.after().version()).isEqualTo(2);
        assertThat(changed.after().updatedAt()).isEqualTo(T1);
        assertThat(changed.after().createdAt()).isEqualTo(T0);
    }

    @Test
    void paymentFailureRejectsAPendingOrderWithTheReason() {
        Transition.Changed changed = (Transition.Changed) pending.reject("insufficient funds", T1);
        assertThat(changed.after().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(changed.after().reason()).contains("insufficient funds");
    }

    @Test
    void repeatingTheSameOutcomeChangesNothing() {
        Order confirmed = ((Transition.Changed) pending.confirm(T1)).after();
        assertThat(confirmed.confirm(T1.plusSeconds(1))).isEqualTo(new Transition.Unchanged(confirmed));
        Order rejected = ((Transition.Changed) pending.reject("no", T1)).after();
        assertThat(rejected.reject("no again", T1)).isEqualTo(new Transition.Unchanged(rejected));
    }

    @Test
    void aFinalStateCannotBeContradicted() {
        Order confirmed = ((Transition.Changed) pending.confirm(T1)).after();
        assertThat(confirmed.reject("late failure", T1)).isInstanceOf(Transition.Illegal.class);
        Order rejected = ((Transition.Changed) pending.reject("no", T1)).after();
        assertThat(rejected.confirm(T1)).isInstanceOf(Transition.Illegal.class);
    }
}
