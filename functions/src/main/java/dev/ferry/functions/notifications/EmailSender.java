package dev.ferry.functions.notifications;

/**
 * Where emails go: the notifications table by default ({@link TableEmailSender}); an SES or SMTP sender plugs in
 * here. A sender is called at least once per email id and should drop repeats of an id when it can (the
 * default sender does); the consumer's idempotency keys keep repeats rare for senders that cannot.
 */
public interface EmailSender {

    /** Sends {@code email}; throws when it could not (the message is retried). */
    SendResult send(Email email);

    sealed interface SendResult {
        record Sent() implements SendResult {
        }

        /** This email id was sent before; nothing was sent again. */
        record AlreadySent() implements SendResult {
        }
    }
}
