package dev.ferry.local.cli;

import dev.ferry.local.LocalCloud;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ferry's command line, run by the {@code ./ferry} script at the repository root.
 *
 * <pre>
 * ferry up --data-plane-only [--port N]
 * </pre>
 *
 * {@code up} starts the local data plane, prints one {@code export AWS_ENDPOINT_URL_...=...} line per
 * endpoint and then {@code ready}, and runs until stopped (SIGINT or SIGTERM). New services join by
 * adding them to {@link LocalCloud}.
 */
public final class FerryCli {
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop;

    /** @param stop counted down to make a running {@code up} shut its services down and return */
    public FerryCli(PrintStream out, PrintStream err, CountDownLatch stop) {
        this.out = out;
        this.err = err;
        this.stop = stop;
    }

    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ferry-shutdown"));
        int code = new FerryCli(System.out, System.err, stop).run(args);
        stopped.countDown();
        if (code != 0) System.exit(code);
    }

    /** Runs a command; returns the process exit code. */
    public int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        return switch (args[0]) {
            case "up" -> up(args);
            default -> {
                err.println("ferry: unknown command '" + args[0] + "'");
                usage(err);
                yield 2;
            }
        };
    }

    private int up(String[] args) {
        boolean dataPlaneOnly = false;
        int port = 0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--data-plane-only" -> dataPlaneOnly = true;
                case "--port" -> {
                    if (i + 1 >= args.length) return fail("--port needs a number, e.g. --port 4566");
                    try {
                        port = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        return fail("--port needs a number between 0 and 65535, not '" + args[i] + "'");
                    }
                    if (port < 0 || port > 65535) return fail("--port needs a number between 0 and 65535, not " + port);
                }
                case "--help", "-h" -> {
                    usage(out);
                    return 0;
                }
                default -> {
                    return fail("unknown option '" + args[i] + "' for 'up'");
                }
            }
        }
        if (!dataPlaneOnly) {
            return fail("the full local cloud (CDK app, Lambda runtime, API) is not available yet; "
                    + "run './ferry up --data-plane-only' to start the emulated AWS services");
        }
        LocalCloud cloud;
        try {
            cloud = LocalCloud.start(port);
        } catch (RuntimeException e) {
            err.println("ferry: could not start the data plane: " + e.getMessage());
            return 1;
        }
        try (cloud) {
            cloud.environment().forEach((name, value) -> out.println("export " + name + "=" + value));
            err.printf("ferry: data plane up in %d ms (dynamodb, sqs, sns, kinesis)%n", cloud.startupTime().toMillis());
            out.println("ready");
            out.flush();
            stop.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            err.println("ferry: " + e.getMessage());
            return 1;
        } finally {
            err.println("ferry: stopped");
            err.flush();
        }
    }

    private int fail(String message) {
        err.println("ferry: " + message);
        return 2;
    }

    private static void usage(PrintStream to) {
        to.println("usage: ferry up --data-plane-only [--port N]");
        to.println();
        to.println("  up --data-plane-only   start the emulated AWS services (DynamoDB + Streams, SQS, SNS, Kinesis) on 127.0.0.1,");
        to.println("                         print their AWS_ENDPOINT_URL_* exports, then 'ready'; stop with Ctrl-C");
        to.println("  --port N               DynamoDB on port N, SQS on N+1, SNS on N+2, Kinesis on N+3 (default: free ports)");
    }
}
