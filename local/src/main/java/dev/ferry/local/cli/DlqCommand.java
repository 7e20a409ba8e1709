package dev.ferry.local.cli;

import dev.ferry.local.eventsource.ShardRangeReader;
import dev.ferry.local.redrive.RangeRedrive;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code ferry dlq [list | show QUEUE | redrive QUEUE] [--aws] [--prefix P] [--max N]}: the dead-letter queues
 * of the running {@code up} (found through {@code .ferry/<name>/up.json}) or, with {@code --aws} (or AWS credentials
 * and no local {@code up}), of a deployed stack through the default credential chain and region. {@code redrive}
 * moves a dead-letter queue's messages back to their source queue, and re-processes each shard range a stream
 * mapping's on-failure queue points at, through the Lambda API.
 */
final class DlqCommand {
    /** The queues of the deployed stacks whose names say they take stream failure records (infra's naming). */
    static final String ON_FAILURE_MARKER = "stream-failures";

    record Options(String action, Optional<String> queue, boolean aws, Optional<String> prefix, int max) {}

    private final PrintStream out;
    private final PrintStream err;
    private final Instance instance;
    private final Map<String, String> env;

    DlqCommand(PrintStream out, PrintStream err, Instance instance, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.instance = instance;
        this.env = env;
    }

    int run(Options options) {
        Target target = target(options);
        try (CommandClients clients = target.clients()) {
            DeadLetterQueues dlqs = new DeadLetterQueues(clients.sqs(), options.prefix().orElse(target.defaultPrefix()), target.onFailureQueue());
            err.println("ferry: dead-letter queues of " + target.description());
            return switch (options.action()) {
                case "list" -> list(dlqs);
                case "show" -> show(dlqs, options.queue().orElseThrow(), options.max());
                default -> redrive(dlqs, options.queue().orElseThrow(), clients);
            };
        } catch (SdkException e) {
            if (target.aws() && String.valueOf(e.getMessage()).startsWith("Unable to load region")) {
                err.println("ferry: no AWS region configured: set AWS_REGION (or a region in ~/.aws/config) to the stack's region");
                return 1;
            }
            err.println("ferry: the AWS call failed: " + e.getMessage()
                    + (target.aws() ? " (check the AWS credentials and region)" : " (is './ferry up' still running?)"));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int list(DeadLetterQueues dlqs) {
        List<DeadLetterQueues.Dlq> all = dlqs.list();
        if (all.isEmpty()) {
            out.println("no dead-letter queues (no queue has a RedrivePolicy)");
            return 0;
        }
        int width = all.stream().mapToInt(d -> d.name().length()).max().orElse(10);
        out.printf("%-" + width + "s  %8s  %s%n", "QUEUE", "MESSAGES", "RECEIVES FROM");
        for (DeadLetterQueues.Dlq d : all) {
            String from = d.onFailureDestination()
                    ? "stream mappings (on-failure destination)" + (d.sources().isEmpty() ? "" : ", " + String.join(", ", d.sources()))
                    : String.join(", ", d.sources());
            out.printf("%-" + width + "s  %8d  %s%n", d.name(), d.depth(), from);
        }
        return 0;
    }

    private int show(DeadLetterQueues dlqs, String name, int max) {
        DeadLetterQueues.Dlq dlq = dlqs.find(name);
        List<DeadLetterQueues.Letter> letters = dlqs.peek(dlq, max);
        out.printf("%s: %d message(s)%s%n", dlq.name(), dlq.depth(), letters.size() < dlq.depth() ? ", showing " + letters.size() : "");
        for (DeadLetterQueues.Letter letter : letters) out.print(FailureReport.render(letter));
        if (dlq.onFailureDestination() && !letters.isEmpty()) {
            out.println("redrive with 'ferry dlq redrive " + dlq.name() + "': it reads each range from its stream while the stream "
                    + "still has it and invokes the function with it again");
        }
        return 0;
    }

    private int redrive(DeadLetterQueues dlqs, String name, CommandClients clients) throws InterruptedException {
        DeadLetterQueues.Dlq dlq = dlqs.find(name);
        if (dlq.depth() == 0 && dlq.inFlight() == 0) {
            out.println(dlq.name() + " is empty: nothing to redrive");
            return 0;
        }
        if (dlq.onFailureDestination()) return redriveStreamFailures(dlq, clients);
        out.printf("moving %d message(s) from %s back to %s ...%n", dlq.depth(), dlq.name(), String.join(", ", dlq.sources()));
        DeadLetterQueues.Redrive result = dlqs.redrive(dlq, Duration.ofSeconds(60));
        out.printf("redrive %s: %d message(s) moved%s%s%n", result.status(), result.moved(),
                result.toMove() > 0 ? " of " + result.toMove() : "",
                result.failureReason().map(r -> " (" + r + ")").orElse(""));
        return result.status().equals("COMPLETED") ? 0 : 1;
    }

    /**
     * Stream failure records point at shard ranges: each range is read from its stream and given to its function
     * again, and a record leaves the queue only once its whole range was processed.
     */
    private int redriveStreamFailures(DeadLetterQueues.Dlq dlq, CommandClients clients) {
        RangeRedrive ranges = new RangeRedrive(ShardRangeReader.of(clients::kinesis, clients::dynamoDbStreams), clients.lambda());
        out.printf("redriving the stream failure records of %s (%d waiting%s): each range is read from its stream and sent to "
                + "its function through %s%n", dlq.name(), dlq.depth(), dlq.inFlight() > 0 ? ", " + dlq.inFlight() + " in flight" : "",
                clients.lambdaDescription());
        List<StreamFailureRedrive.Report> reports = new StreamFailureRedrive(clients.sqs(), ranges)
                .redriveAll(dlq, report -> out.print(RedriveReport.render(report)));
        out.println(RedriveReport.summary(dlq.name(), reports));
        return reports.stream().allMatch(r -> r.outcome().processed()) ? 0 : 1;
    }

    /** Where the queues are: the local {@code up}, or AWS. */
    record Target(Supplier<CommandClients> factory, String description, String defaultPrefix, Predicate<String> onFailureQueue,
                  boolean aws) {
        CommandClients clients() {
            return factory.get();
        }
    }

    private Target target(Options options) {
        Path stateFile = instance.stateFile();
        Optional<UpState> local = options.aws() ? Optional.empty() : instance.live();
        if (local.isPresent()) {
            UpState state = local.get();
            Map<String, String> e = state.environment();
            String endpoint = Optional.ofNullable(e.get("AWS_ENDPOINT_URL_SQS")).orElse(e.get("AWS_ENDPOINT_URL"));
            if (endpoint == null) throw new IllegalArgumentException(stateFile + " names no SQS endpoint; restart './ferry up'");
            Set<String> onFailure = new HashSet<>(state.resources().getOrDefault(UpCommand.ON_FAILURE_QUEUES, List.of()));
            return new Target(() -> CommandClients.local(e), "the local cloud" + (instance.isDefault() ? "" : " '" + instance.name() + "'")
                    + " at " + endpoint, "", onFailure::contains, false);
        }
        if (!options.aws() && !hasAwsCredentials()) {
            throw new IllegalArgumentException(instance.notRunning() + ": start " + instance.command("up")
                    + " in another terminal, or pass --aws to use a deployed stack");
        }
        // Deployed stacks: the default credential chain and region, as the AWS CLI finds them.
        return new Target(CommandClients::aws,
                "AWS (default credentials and region)" + (options.prefix().isPresent() ? "" : ", queues named dev-*; --prefix picks another stage"),
                "dev-", name -> name.contains(ON_FAILURE_MARKER), true);
    }

    private boolean hasAwsCredentials() {
        Optional<Path> sharedFile = Optional.ofNullable(env.get("AWS_SHARED_CREDENTIALS_FILE")).map(Path::of)
                .or(() -> Optional.ofNullable(env.get("HOME")).map(h -> Path.of(h, ".aws", "credentials")));
        return env.containsKey("AWS_ACCESS_KEY_ID") || env.containsKey("AWS_PROFILE")
                || sharedFile.map(Files::isRegularFile).orElse(false);
    }
}
