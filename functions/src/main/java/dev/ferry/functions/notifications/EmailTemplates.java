package dev.ferry.functions.notifications;

import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.AccountOpened;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderConfirmed;

/**
 * Which email an event asks for: {@code AccountOpened} -> {@code welcome}, {@code OrderConfirmed} ->
 * {@code order-confirmation}. The address travels in the event (AccountOpened always, OrderConfirmed when the
 * payment knew it), so notifications read no other service's table.
 */
public final class EmailTemplates {

    public static final String WELCOME = "welcome";
    public static final String ORDER_CONFIRMATION = "order-confirmation";

    /** An email to send, or why none can be. */
    public sealed interface Rendering {
        record Ready(Email email) implements Rendering {
        }

        record Impossible(String reason) implements Rendering {
        }
    }

    private EmailTemplates() {
    }

    public static Rendering render(Envelope<?> event) {
        return switch (event.data()) {
            case AccountOpened opened -> new Rendering.Ready(new Email(Email.id(event.id(), WELCOME), event.id(), WELCOME, opened.email(),
                    "Welcome to Ferry, " + opened.owner(),
                    "Hello " + opened.owner() + ",\n\nyour account " + opened.accountId() + " in " + opened.currency() + " is open.\n",
                    event.correlationId()));
            case OrderConfirmed confirmed -> confirmed.emailAddress()
                    .<Rendering>map(to -> new Rendering.Ready(new Email(Email.id(event.id(), ORDER_CONFIRMATION), event.id(), ORDER_CONFIRMATION, to,
                            "Order " + confirmed.orderId() + " is confirmed",
                            "Your order " + confirmed.orderId() + " of " + confirmed.amount() + " " + confirmed.currency() + " is paid and confirmed.\n",
                            event.correlationId())))
                    .orElseGet(() -> new Rendering.Impossible("OrderConfirmed " + event.id() + " carries no email address"));
            default -> new Rendering.Impossible("no email template for " + event.type() + "; Notifications takes "
                    + Events.ACCOUNT_OPENED + " and " + Events.ORDER_CONFIRMED);
        };
    }
}
