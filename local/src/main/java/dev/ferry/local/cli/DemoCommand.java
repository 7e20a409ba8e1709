package dev.ferry.local.cli;

import dev.ferry.local.cli.DemoApi.DemoFailure;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code ferry demo [--poison] [--api URL] [--timeout SECONDS]}: plays {@link DemoScenario} against the running
 * {@code up} of this checkout (its API URL and endpoints from {@code .ferry/<name>/up.json}), or against the API
 * given; exits 1 with the reason when {@code up} is not running or a step does not happen in time. With
 * {@code --poison} it puts a malformed message on a consumer queue instead ({@link PoisonWalkthrough}), for
 * {@code ferry dlq} to be tried on.
 */
final class DemoCommand {
    /** @param poison put a malformed message on a consumer queue instead of playing the scenario */
    record Options(Optional<URI> api, Duration stepTimeout, boolean poison) {}

    private final PrintStream out;
    private final PrintStream err;
    private final Instance instance;

    DemoCommand(PrintStream out, PrintStream err, Instance instance) {
        this.out = out;
        this.err = err;
        this.instance = instance;
    }

    int run(Options options) {
        Optional<UpState> state = instance.live();
        Optional<URI> api = options.api().or(() -> state.flatMap(UpState::apiUrl));
        if (api.isEmpty() && state.isPresent()) {
            err.println("ferry: the running " + instance.command("up") + " serves no API (started with --data-plane-only?): start the "
                    + "whole system with " + instance.command("up"));
            return 1;
        }
        if (api.isEmpty()) {
            err.println("ferry: " + instance.notRunning() + ": start " + instance.command("up") + " in another terminal, wait for 'ready', "
                    + "then run " + instance.command("demo"));
            return 1;
        }
        if (options.poison()) return poison(state.orElseThrow(), options.stepTimeout());
        Optional<TableMailbox> mailbox = state.flatMap(DemoCommand::mailbox);
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        out.println("ferry demo against " + api.get() + " (run " + run + ")");
        long started = System.nanoTime();
        try {
            new DemoScenario(new DemoApi(api.get()), mailbox.map(m -> (Mailbox) m), out, options.stepTimeout(), run).play();
            out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (DemoFailure e) {
            out.flush();
            err.println("ferry demo: " + e.getMessage());
            return 1;
        } finally {
            mailbox.ifPresent(TableMailbox::close);
        }
    }

    /** {@code demo --poison}: a malformed message on a consumer queue, followed to its dead-letter queue. */
    private int poison(UpState state, Duration timeout) {
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Set<String> onFailure = new HashSet<>(state.resources().getOrDefault(UpState.ON_FAILURE_QUEUES, List.of()));
        long started = System.nanoTime();
        try (CommandClients clients = CommandClients.local(state.environment())) {
            out.println("ferry demo --poison against the local cloud" + (instance.isDefault() ? "" : " '" + instance.name() + "'")
                    + " (run " + run + ")");
            new PoisonWalkthrough(clients.sqs(), new DeadLetterQueues(clients.sqs(), "", onFailure::contains), out, timeout, run, instance).play();
            out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (PoisonWalkthrough.PoisonFailure e) {
            out.flush();
            err.println("ferry demo --poison: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            err.println("ferry demo --poison: the SQS call failed: " + e.getMessage() + " (is " + instance.command("up") + " still running?)");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Optional<TableMailbox> mailbox(UpState state) {
        Optional<String> endpoint = Optional.ofNullable(state.environment().get("AWS_ENDPOINT_URL_DYNAMODB"))
                .or(() -> Optional.ofNullable(state.environment().get("AWS_ENDPOINT_URL")));
        Optional<String> table = state.resources().getOrDefault("tables", List.of()).stream()
                .filter(t -> t.endsWith("notifications")).findFirst();
        if (endpoint.isEmpty() || table.isEmpty()) return Optional.empty();
        return Optional.of(new TableMailbox(URI.create(endpoint.get()), state.environment(), table.get()));
    }
}
