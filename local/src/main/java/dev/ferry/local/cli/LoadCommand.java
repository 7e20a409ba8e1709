package dev.ferry.local.cli;

import dev.ferry.local.cli.LoadRun.LoadFailure;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ferry load --orders N --rate R/s --accounts K [--clients C] [--timeout S] [--api URL]}: drives the running
 * {@code up} of this checkout (found through {@code .ferry/<name>/up.json}, like {@code demo}) with a burst of orders and
 * prints what the system did with it ({@link LoadReport}). Loopback only: it refuses an API or endpoint on another
 * host, so that it cannot be pointed at a deployed stack. Exits 0 when every order reached its final state and the
 * exactly-once check passed, 1 otherwise.
 */
final class LoadCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Instance instance;

    LoadCommand(PrintStream out, PrintStream err, Instance instance) {
        this.out = out;
        this.err = err;
        this.instance = instance;
    }

    int run(LoadOptions options) {
        Optional<UpState> state = instance.live();
        if (state.isEmpty()) {
            err.println("ferry: " + instance.notRunning() + ": start " + instance.command("up") + " in another terminal, wait for 'ready', then run "
                    + instance.command("load"));
            return 1;
        }
        UpState up = state.get();
        Optional<URI> api = options.api().or(up::apiUrl);
        if (api.isEmpty()) {
            err.println("ferry: the running './ferry up' serves no API (started with --data-plane-only?): start the whole system with './ferry up'");
            return 1;
        }
        if (up.statsUrl().isEmpty()) {
            err.println("ferry: " + StatsServer.NOT_PUBLISHED);
            return 1;
        }
        Map<String, String> env = up.environment();
        for (String endpoint : List.of(api.get().toString(), up.statsUrl().get().toString(), endpoint(env, "SQS"), endpoint(env, "DYNAMODB"),
                endpoint(env, "SNS"))) {
            requireLoopback(endpoint);
        }
        Optional<String> orders = table(up, "orders");
        Optional<String> notifications = table(up, "notifications");
        if (orders.isEmpty() || notifications.isEmpty()) {
            err.println("ferry: the running system has no orders or notifications table (" + up.resources().getOrDefault("tables", List.of())
                    + "): 'ferry load' drives Ferry's order workflow");
            return 1;
        }
        List<String> onFailure = up.resources().getOrDefault(UpCommand.ON_FAILURE_QUEUES, List.of());
        List<String> queues = up.resources().getOrDefault("queues", List.of()).stream()
                .filter(q -> !q.contains("-dlq") && !onFailure.contains(q)).toList();
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        out.printf("ferry load against %s (run %s): %d orders at %d/s over %d accounts, at most %d requests in flight%n",
                api.get(), run, options.orders(), options.rate(), options.accounts(), options.clients());
        out.flush();
        try (CommandClients clients = CommandClients.local(env); LoadApi loadApi = new LoadApi(api.get());
             TableMailbox mailbox = new TableMailbox(URI.create(endpoint(env, "DYNAMODB")), env, notifications.get())) {
            Optional<String> topic = up.resources().getOrDefault("topics", List.of()).stream()
                    .filter(t -> t.endsWith("domain-events")).findFirst();
            if (topic.isEmpty()) {
                err.println("ferry load: the running system has no domain-events topic; the order's hops will not be timed");
            }
            String tapQueue = topic.map(t -> t.substring(0, t.length() - "domain-events".length())).orElse("") + "load-tap-" + run;
            Optional<java.util.function.Supplier<DomainEventTap>> tap = topic.map(t -> () -> DomainEventTap.open(clients.sqs(), clients.sns(), t, tapQueue));
            LoadRun.Target target = new LoadRun.Target(loadApi, clients.sqs(), queues, new OrderStates(clients.dynamoDb(), orders.get()),
                    mailbox, new RuntimeStats(up.statsUrl().get()), tap);
            LoadRun.Result result = new LoadRun(target, options, run, err).play();
            LoadReport.print(result, out);
            return result.drainedAfter().isPresent() && result.verdict().passed() ? 0 : 1;
        } catch (LoadFailure e) {
            out.flush();
            err.println("ferry load: " + e.getMessage());
            return 1;
        }
    }

    /** The physical name of one of the workflow's tables, e.g. {@code dev-orders} for {@code orders}. */
    private static Optional<String> table(UpState up, String logicalName) {
        return up.resources().getOrDefault("tables", List.of()).stream()
                .filter(t -> t.equals(logicalName) || t.endsWith("-" + logicalName)).findFirst();
    }

    private static String endpoint(Map<String, String> env, String service) {
        String value = Optional.ofNullable(env.get("AWS_ENDPOINT_URL_" + service)).filter(s -> !s.isBlank())
                .orElse(env.get("AWS_ENDPOINT_URL"));
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the running './ferry up' publishes no " + service + " endpoint (AWS_ENDPOINT_URL_" + service
                    + " in its up.json); restart './ferry up'");
        }
        return value;
    }

    /** A load run is for a local cloud: an endpoint on another host could be someone's deployed stack. */
    static void requireLoopback(String url) {
        String host = URI.create(url).getHost();
        boolean loopback;
        try {
            loopback = host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("'ferry load' drives a local cloud on this machine only, and " + url
                    + " is not on loopback (127.0.0.1, localhost, ::1); run it against './ferry up' without --endpoint");
        }
    }
}
