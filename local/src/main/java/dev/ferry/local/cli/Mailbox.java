package dev.ferry.local.cli;

import java.util.List;

/** The emails the workflow has sent (its notifications table), as the demo shows them. */
interface Mailbox {

    record Email(String to, String template, String subject, String correlationId, String sentAt) {}

    /** Every email whose correlation id starts with {@code correlationPrefix}, oldest first. */
    List<Email> sentFor(String correlationPrefix);
}
