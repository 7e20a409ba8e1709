package dev.ferry.functions.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.aws.AwsClients;
import dev.ferry.batch.ConsumerSettings;
import dev.ferry.batch.MessagePayloads;
import dev.ferry.batch.Outcome;
import dev.ferry.batch.SqsBatchConsumer;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.Environment;
import dev.ferry.functions.consumer.ConsumerWiring;
import dev.ferry.functions.consumer.IncomingEvents;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import java.time.Clock;
import java.util.Map;

/**
 * Notifications on {@code notifications-emails}: a task queue of emails. Effectively-once: the batch
 * consumer's guarded idempotency skips events already handled, and the default sender's conditional put
 * records each {@code <event id>#<template>} once. Env: NOTIFICATIONS_TABLE, IDEMPOTENCY_TABLE, IDEMPOTENCY_TTL_SECONDS, DEAD_LETTER_QUEUE_URL.
 */
public final class EmailTaskHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    public static final String CONSUMER = "Notifications";
    private static final JsonLogger LOG = Logs.get(EmailTaskHandler.class);

    private final SqsBatchConsumer consumer;

    public EmailTaskHandler() {
        this(System.getenv());
    }

    public EmailTaskHandler(Map<String, String> environment) {
        this(environment, new TableEmailSender(AwsClients.shared(environment).dynamoDb(),
                Environment.of(environment).required("NOTIFICATIONS_TABLE"), Clock.systemUTC()));
    }

    /** With another sender (SES, SMTP, a test double) instead of the default table sender. */
    public EmailTaskHandler(Map<String, String> environment, EmailSender sender) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        ConsumerSettings settings = ConsumerWiring.withDeadLetters(ConsumerSettings.effectivelyOnce(CONSUMER,
                ConsumerWiring.guarded(env, clients)), env, clients);
        this.consumer = new SqsBatchConsumer(settings,
                message -> IncomingEvents.decoded(MessagePayloads.sqsPayload(message), event -> send(sender, event)));
    }

    static Outcome send(EmailSender sender, Envelope<?> event) {
        return switch (EmailTemplates.render(event)) {
            case EmailTemplates.Rendering.Impossible impossible -> Outcome.reject(impossible.reason());
            case EmailTemplates.Rendering.Ready ready -> {
                EmailSender.SendResult result = sender.send(ready.email());
                LOG.info("email handled", "emailId", ready.email().id(), "template", ready.email().template(),
                        "result", result.getClass().getSimpleName());
                yield Outcome.done();
            }
        };
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return consumer.handle(event, context);
    }
}
