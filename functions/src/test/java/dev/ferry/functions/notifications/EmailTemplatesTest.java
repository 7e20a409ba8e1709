package dev.ferry.functions.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.AccountOpened;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;
import dev.ferry.functions.events.OrderRejected;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailTemplatesTest {

    private static <T> Envelope<T> event(String type, T data) {
        return new Envelope<>("ev-1", "/ferry/test", type, "s-1", Instant.parse("2026-11-30T10:00:00Z"), data, "corr-1", Optional.empty());
    }

    @Test
    void accountOpenedAsksForAWelcomeToTheOwner() {
        Email email = ((EmailTemplates.Rendering.Ready) EmailTemplates.render(event(Events.ACCOUNT_OPENED,
                new AccountOpened("a-1", "Ada", "ada@example.com", "USD")))).email();
        assertThat(email.id()).isEqualTo("ev-1#welcome");
        assertThat(email.to()).isEqualTo("ada@example.com");
        assertThat(email.subject()).contains("Ada");
    }

    @Test
    void orderConfirmedAsksForAConfirmationWhenTheAddressTravelled() {
        Email email = ((EmailTemplates.Rendering.Ready) EmailTemplates.render(event(Events.ORDER_CONFIRMED,
                new OrderConfirmed("o-1", "a-1", "12.50", "USD", "ada@example.com")))).email();
        assertThat(email.id()).isEqualTo("ev-1#order-confirmation");
        assertThat(email.body()).contains("12.50 USD");
    }

    @Test
    void withoutAnAddressOrATemplateNoEmailCanBeSent() {
        assertThat(EmailTemplates.render(event(Events.ORDER_CONFIRMED, new OrderConfirmed("o-1", "a-1", "1.00", "USD", null))))
                .isInstanceOf(EmailTemplates.Rendering.Impossible.class);
        assertThat(EmailTemplates.render(event(Events.ORDER_REJECTED, new OrderRejected("o-1", "a-1", "no"))))
                .isInstanceOf(EmailTemplates.Rendering.Impossible.class);
    }
}
