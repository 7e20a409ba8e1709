package dev.ferry.local.cli;

import dev.ferry.local.console.DeadLetters;
import dev.ferry.local.eventsource.ShardRangeReader;
import dev.ferry.local.redrive.RangeRedrive;
import java.time.Duration;
import java.util.List;

/**
 * {@code ferry dlq}'s list, show and redrive for the console's panel: the same {@link DeadLetterQueues}, the same
 * {@link FailureReport} per message, the same redrive (a message move task, or for a stream mapping's failure
 * records a re-processing of each range).
 */
final class ConsoleDeadLetters implements DeadLetters, AutoCloseable {
    private final CommandClients clients;
    private final DeadLetterQueues dlqs;

    ConsoleDeadLetters(CommandClients clients, DeadLetterQueues dlqs) {
        this.clients = clients;
        this.dlqs = dlqs;
    }

    @Override
    public List<Queue> list() {
        return dlqs.list().stream().map(d -> new Queue(d.name(), d.depth(), d.inFlight(), d.sources(), d.onFailureDestination())).toList();
    }

    @Override
    public List<Letter> show(String queue, int max) {
        DeadLetterQueues.Dlq dlq = dlqs.find(queue);
        return dlqs.peek(dlq, max).stream().map(l -> {
            String report = FailureReport.render(l);
            return new Letter(l.messageId(), l.sent(), l.receiveCount(), reason(report), report, l.body());
        }).toList();
    }

    /** The report's {@code reason} line. */
    private static String reason(String report) {
        return report.lines().map(String::strip).filter(line -> line.startsWith("reason ")).findFirst()
                .map(line -> line.substring("reason".length()).strip()).orElse("");
    }

    @Override
    public Redriven redrive(String queue) throws InterruptedException {
        DeadLetterQueues.Dlq dlq = dlqs.find(queue);
        if (dlq.depth() == 0 && dlq.inFlight() == 0) return new Redriven(true, 0, dlq.name() + " is empty: nothing to redrive");
        if (dlq.onFailureDestination()) {
            RangeRedrive ranges = new RangeRedrive(ShardRangeReader.of(clients::kinesis, clients::dynamoDbStreams), clients.lambda());
            List<StreamFailureRedrive.Report> reports = new StreamFailureRedrive(clients.sqs(), ranges).redriveAll(dlq, report -> {});
            return new Redriven(reports.stream().allMatch(r -> r.outcome().processed()), reports.size(),
                    RedriveReport.summary(dlq.name(), reports));
        }
        DeadLetterQueues.Redrive result = dlqs.redrive(dlq, Duration.ofSeconds(60));
        return new Redriven(result.status().equals("COMPLETED"), result.moved(), String.format("redrive %s: %d message(s) moved back to %s%s",
                result.status(), result.moved(), String.join(", ", dlq.sources()), result.failureReason().map(r -> " (" + r + ")").orElse("")));
    }

    @Override
    public void close() {
        clients.close();
    }
}
