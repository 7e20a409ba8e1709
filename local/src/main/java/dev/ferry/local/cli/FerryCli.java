package dev.ferry.local.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
 * </pre>
 *
 * The checkout's root ({@code FERRY_HOME}, else the working directory) holds {@code cdk.out} and, per named instance
 * ({@code --name}, default {@code default}), the state file {@code .ferry/<name>/up.json} through which the other commands
 * find a running {@code up}, and its logs.
 */
@Command(name = "ferry", footer = {"", "'ferry COMMAND --help' lists a command's options (e.g. ferry up --help); docs/cli.md says more."},
        commandListHeading = "%ncommands:%n")
public final class FerryCli {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this usage")
    private boolean help;

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

    /** The commands, in the order the usage lists them; a new command is one {@link FerryCommand} class added here. */
    static List<FerryCommand> commands() {
        return List.of(new UpArguments(), new StatusArguments(), new DownArguments(), new LogsArguments(), new DemoArguments(),
                new LoadArguments(), new DlqArguments(), new CostArguments());
    }

    /** Runs a command; returns the process exit code (2 for a usage error, 1 for a failure it explains). */
    public int run(String[] args) {
        CommandLine cli = commandLine(args.length == 0 ? "" : args[0]);
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (ParameterException e) {
            err.println("ferry: " + CommandLines.problem(e));
            usageAfterProblem(e.getCommandLine());
            return 2;
        }
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        if (!parsed.hasSubcommand()) {
            cli.usage(err);
            return 2;
        }
        FerryCommand command = (FerryCommand) parsed.subcommand().commandSpec().userObject();
        try {
            return command.run(new CommandContext(out, err, stop, home, env));
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

    /**
     * The parser for a run of {@code first}: with only that command when it names one, so that a short command does not
     * build the models of all the others from their annotations; else with every command, for the usage.
     */
    private CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(this);
        List<FerryCommand> named = commands().stream().filter(c -> c.getClass().getAnnotation(Command.class).name().equals(first)).toList();
        for (FerryCommand command : named.isEmpty() ? commands() : named) {
            cli.addSubcommand(command);
        }
        if (named.isEmpty()) cli.addSubcommand(new HelpCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CommandLines.configured(cli);
        // The usage opens with every command's own synopsis, as the hand-written one did.
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, FerryCli::synopses);
        return cli;
    }

    private static String synopses(Help help) {
        StringBuilder text = new StringBuilder();
        int indent = help.synopsisHeadingLength(); // the heading ("usage: ") is a section of its own, before this one
        for (Help command : help.subcommands().values()) {
            if (command.commandSpec().helpCommand()) continue;
            text.append(text.isEmpty() ? "" : " ".repeat(indent)).append(command.synopsis(indent));
        }
        return text.append(System.lineSeparator()).toString();
    }

    /** After a problem: the whole usage for a wrong command, else the command's synopsis and where its options are. */
    private void usageAfterProblem(CommandLine where) {
        if (where.getParent() == null) {
            where.usage(err);
            return;
        }
        err.print(where.getHelp().synopsisHeading() + where.getHelp().synopsis(where.getHelp().synopsisHeadingLength()));
        err.println("'ferry " + where.getCommandName() + " --help' lists its options");
    }
}
