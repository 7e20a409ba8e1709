package dev.ferry.local.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ferry's command line, run by the {@code ./ferry} script at the repository root (which builds the functions
 * jar and the CDK app's cloud assembly first when they are missing or stale).
 *
 * <pre>
 * ferry up [--name N] [--endpoint URL] [--port N] [--faults SPEC] [--verbose]   the whole system of the CDK app, until Ctrl-C
 * ferry up --data-plane-only [--port N]                    only the emulated AWS services
 * ferry status | down | logs [FUNCTION] [--follow]         the running ups, stop one, what its functions wrote
 * ferry demo [--api URL] [--timeout SECONDS]              a scenario against a running up
 * ferry load [--orders N] [--rate R/s] [--accounts K]      a burst of orders against a running up, and what it did
 * ferry dlq [list | show QUEUE | redrive QUEUE] [--aws] [--prefix P] [--max N]   dead-letter queues, locally or in AWS
 * ferry cost [--json]                                     what a running up asked of AWS, per order, in dollars
 * </pre>
 *
 * The checkout's root ({@code FERRY_HOME}, else the working directory) holds {@code cdk.out} and, per named instance
 * ({@code --name}, default {@code default}), the state file {@code .ferry/<name>/up.json} through which the other commands
 * find a running {@code up}, and its logs.
 */
public final class FerryCli {
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop;
    private final Path home;
    private final Map<String, String> env;

    /** @param stop counted down to make a running {@code up} shut its services down and return */
    public FerryCli(PrintStream out, PrintStream err, CountDownLatch stop) {
        this(out, err, stop, defaultHome(System.getenv()), System.getenv());
    }

    /**
     * @param home the checkout's root: {@code cdk.out} and {@code .ferry/} live there
     * @param env  the process environment ({@code AWS_ENDPOINT_URL}, {@code FERRY_FAULTS}, AWS credentials)
     */
    public FerryCli(PrintStream out, PrintStream err, CountDownLatch stop, Path home, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.stop = stop;
        this.home = home.toAbsolutePath();
        this.env = Map.copyOf(env);
    }

    private static Path defaultHome(Map<String, String> env) {
        String home = env.get("FERRY_HOME");
        return Path.of(home == null || home.isBlank() ? "" : home).toAbsolutePath();
    }

    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ferry-shutdown"));
        int code = 1;
        try {
            code = new FerryCli(System.out, System.err, stop).run(args);
        } catch (RuntimeException e) {
            // A bug, not a usage error: show it, and still exit (threads left running must not keep the JVM up).
            System.err.println("ferry: internal error, please report it: " + e);
            e.printStackTrace();
        } finally {
            // Whatever happened, the shutdown hook must not wait its 15 s for a run that is over.
            stopped.countDown();
        }
        System.exit(code);
    }

    /** Runs a command; returns the process exit code (2 for a usage error, 1 for a failure it explains). */
    public int run(String[] args) {
        if (args.length == 0 || isHelp(args[0]) || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if (rest.stream().anyMatch(FerryCli::isHelp)) {
            usage(out);
            return 0;
        }
        try {
            Optional<String> name = takeName(rest);
            Instance instance = Instance.of(home, name.orElse(UpState.DEFAULT_NAME));
            return switch (args[0]) {
                case "up" -> {
                    UpCommand up = new UpCommand(out, err, stop, instance, env);
                    yield up.run(up.parse(rest));
                }
                case "demo" -> new DemoCommand(out, err, instance).run(rest);
                case "load" -> new LoadCommand(out, err, instance).run(rest);
                case "dlq" -> new DlqCommand(out, err, instance, env).run(rest);
                case "cost" -> new CostCommand(out, err, instance).run(rest);
                case "status" -> new StatusCommand(out, err, instance, name.isPresent(), Instant.now()).run(rest);
                case "down" -> new DownCommand(err, instance, DownCommand.GRACE).run(rest);
                case "logs" -> new LogsCommand(out, err, instance, stop).run(rest);
                default -> {
                    err.println("ferry: unknown command '" + args[0] + "'");
                    usage(err);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("ferry: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            // e.g. an unreadable .ferry/<name>/up.json: the message says what to do; a stack trace would bury it
            err.println("ferry: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Removes {@code --name N} from the arguments (every command takes it) and returns N. */
    static Optional<String> takeName(List<String> args) {
        Optional<String> name = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--name")) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException("--name needs the instance's name, e.g. --name a (the default is '"
                            + UpState.DEFAULT_NAME + "')");
                }
                name = Optional.of(args.get(i + 1));
                args.remove(i + 1);
                args.remove(i);
                i--;
            }
        }
        return name;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static void usage(PrintStream to) {
        to.println("usage: ferry up [--name N] [--port N] [--endpoint URL [--reuse]] [--faults SPEC] [--verbose]");
        to.println("       ferry up --data-plane-only [--name N] [--port N] [--faults SPEC]");
        to.println("       ferry status [--name N]");
        to.println("       ferry down [--name N] [--force]");
        to.println("       ferry logs [FUNCTION] [--follow] [--lines N] [--name N]");
        to.println("       ferry demo [--poison] [--api URL] [--timeout SECONDS] [--name N]");
        to.println("       ferry load [--orders N] [--rate R/s] [--accounts K] [--clients C] [--timeout S] [--api URL] [--name N]");
        to.println("       ferry dlq [list | show QUEUE | redrive QUEUE] [--aws] [--prefix P] [--max N] [--name N]");
        to.println("       ferry cost [--json] [--name N]");
        to.println();
        to.println("  up                   provision the CDK app (cdk.out) on the embedded data plane, run its functions,");
        to.println("                       event source mappings and API in-process; print the API URL, a summary,");
        to.println("                       the AWS_ENDPOINT_URL_* exports, then 'ready', then one line per request or event;");
        to.println("                       stop with Ctrl-C or 'ferry down'");
        to.println("  --name N             the instance: several run side by side, each with its own ports, state");
        to.println("                       (.ferry/N/up.json) and logs (.ferry/N/logs/); every command takes --name (default: default)");
        to.println("  --port N             pin every port: DynamoDB on N, SQS on N+1, SNS on N+2, Kinesis on N+3, the Lambda API on N+4,");
        to.println("                       the API description on N+5, the runtime's statistics on N+6, the REST API on N+7");
        to.println("                       (default: free ports)");
        to.println("  --endpoint URL       provision on an AWS-compatible endpoint (e.g. LocalStack) instead; AWS_ENDPOINT_URL does the");
        to.println("                       same. It refuses an endpoint that already holds resources of the app's names unless --reuse");
        to.println("  --verbose            the functions' own output (JSON logs, metrics) on the terminal too, not only in their log files");
        to.println("  --faults SPEC        inject faults, e.g. duplicate:0.5,crash-after:0.1,throttle:0.05,seed:42");
        to.println("                       or service outages as the functions see them, e.g.");
        to.println("                       outage:sns|kinesis,outage-functions:dev-OutboxRelay,outage-after:20s,outage-for:1m");
        to.println("                       or the embedded DynamoDB's own: ddb-conflict:P, ddb-throttle:P,");
        to.println("                       ddb-transaction-hold:20ms, ddb-operations:A|B, ddb-tables:T|U");
        to.println("                       (FERRY_FAULTS does the same; docs/lambda-runtime.md lists every key)");
        to.println("  --data-plane-only    only the emulated services (DynamoDB + Streams, SQS, SNS, Kinesis)");
        to.println("                       DynamoDB streams have FERRY_DYNAMODB_STREAM_SHARDS shards (default 4) that roll over");
        to.println("                       every FERRY_DYNAMODB_STREAM_SHARD_ROLLOVER (default PT4H); see docs/dynamodb-emulator.md");
        to.println("  status               the running ups: pid, uptime, URLs, how many functions, queues, tables they run");
        to.println("  down                 stop a running up as Ctrl-C would (--force kills it when it does not stop within 30 s)");
        to.println("  logs                 one line per request or event, or with FUNCTION (dev-OrdersApi, or just ordersapi) that");
        to.println("                       function's own output; --follow keeps printing until the up stops, --lines the last N");
        to.println("  demo                 open an account, deposit, place orders and show what happened, against a running up;");
        to.println("                       --poison puts a malformed event on a consumer queue to try 'ferry dlq' on");
        to.println("  load                 open and fund K accounts (default 10), then place N orders (default 1000, at most 100000)");
        to.println("                       at R per second (default 100, at most 5000) with at most C requests in flight (default 64)");
        to.println("                       against a running up (loopback only); wait up to S seconds (default 600) for every order");
        to.println("                       to be final; print accepted/s, API latency, peak queue depth and oldest message, peak");
        to.println("                       concurrency per function, the drain time and an exactly-once check (exit 1 if it fails)");
        to.println("  cost                 what the running up asked of AWS since it started, per order placed (POST /orders");
        to.println("                       answered 202), by service and kind, in dollars per million orders at AWS's us-east-1");
        to.println("                       list prices (free tiers excluded; docs/cost.md); --json prints the ledger's counts");
        to.println("  dlq                  list the dead-letter queues with their depth, show a message and why it failed,");
        to.println("                       or move a queue's messages back to their source (a stream on-failure queue:");
        to.println("                       read each record's shard range and invoke its function again); --aws for a deployed stack,");
        to.println("                       --prefix for its stage (default dev- in AWS), --max for how many 'show' prints");
    }
}
