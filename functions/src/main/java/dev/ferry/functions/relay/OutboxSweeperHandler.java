package dev.ferry.functions.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.aws.AwsClients;
import dev.ferry.functions.Environment;
import dev.ferry.logging.LogContext;
import dev.ferry.metrics.EmfMetrics;
import dev.ferry.outbox.OutboxRelay;
import dev.ferry.outbox.OutboxSweeper;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OutboxSweeper, run by an EventBridge schedule (the event is read as a plain map: nothing in it matters, and
 * the events library's ScheduledEvent would need Joda-Time in the jar): publishes every outbox record still pending after the grace
 * period, to the same targets as the relay, and deletes it once both have it. The run's summary is its
 * result; a record it could not publish stays for the next run, so the function never fails (an async retry
 * would only sweep again sooner). Env: OUTBOX_TABLES (comma-separated), OUTBOX_SWEEP_GRACE_SECONDS,
 * DOMAIN_EVENTS_TOPIC_ARN, EVENT_LOG_STREAM_NAME.
 */
public final class OutboxSweeperHandler implements RequestHandler<Map<String, Object>, String> {

    private final OutboxSweeper sweeper;
    private final List<OutboxTable> tables;

    public OutboxSweeperHandler() {
        this(System.getenv());
    }

    public OutboxSweeperHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        this.tables = Arrays.stream(env.required("OUTBOX_TABLES").split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .map(OutboxTable::named).toList();
        Duration grace = Duration.ofSeconds(Long.parseLong(env.required("OUTBOX_SWEEP_GRACE_SECONDS")));
        this.sweeper = new OutboxSweeper(clients.dynamoDb(), OutboxRelayHandler.targets(env, clients),
                new OutboxSweeper.Options(grace, 1_000, OutboxRelay.Options.defaults()), Clock.systemUTC(),
                Optional.of(EmfMetrics.forService("Ferry", "OutboxSweeper")));
    }

    @Override
    public String handleRequest(Map<String, Object> scheduledEvent, Context context) {
        try (LogContext.Scope invocation = LogContext.invocation(context)) {
            OutboxSweeper.SweepReport report = sweeper.sweep(tables);
            return "swept " + report.subjects() + " subject(s): " + report.publishedEventIds().size() + " published, "
                    + report.stillPending() + " still pending" + (report.errors().isEmpty() ? "" : "; " + String.join("; ", report.errors()));
        }
    }
}
