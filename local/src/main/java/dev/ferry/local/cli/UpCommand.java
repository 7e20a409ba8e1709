package dev.ferry.local.cli;

import dev.ferry.local.LocalCloud;
import dev.ferry.local.console.InvocationRecorder;
import dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.system.EndpointNotEmptyException;
import dev.ferry.local.system.LocalSystem;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ferry up}: the whole system of the CDK app (or with {@code --data-plane-only} just the emulated
 * services), running until {@link #stop} is counted down. Prints the API URL, a summary, the {@code export}
 * lines and {@code ready} on stdout, progress on stderr; then one line per request or event on stdout
 * ({@link RequestLog}), while the functions' own output goes to a file per function ({@link FunctionLogs}).
 */
final class UpCommand {
    /** The key in {@link UpState#resources()} naming the queues that take the stream mappings' failure records. */
    static final String ON_FAILURE_QUEUES = UpState.ON_FAILURE_QUEUES;
    /** The API's description in a checkout, served while {@code up} runs (see {@link ApiDescriptionServer}). */
    static final String API_DESCRIPTION = "docs/openapi.yaml";

    /**
     * @param cloudAssembly the synthesized CDK app; {@code ./ferry} builds it before it starts {@code up}
     * @param verbose       the functions' own output on the terminal too, not only in their log files
     * @param reuse         on an external endpoint, run on resources of the app's names that are there already
     * @param exitWhenReady  warm every function before {@code ready}, then exit instead of serving: the run with which
     *                       {@code ./ferry} records what a start loads, for the JVM's start-up cache
     */
    record Options(boolean dataPlaneOnly, int port, Optional<URI> endpoint, Optional<String> faults, Path cloudAssembly,
                   boolean verbose, boolean reuse, boolean exitWhenReady) {
        Options(boolean dataPlaneOnly, int port, Optional<URI> endpoint, Optional<String> faults, Path cloudAssembly,
                boolean verbose, boolean reuse) {
            this(dataPlaneOnly, port, endpoint, faults, cloudAssembly, verbose, reuse, false);
        }
    }

    /** {@code up}'s option for {@code ./ferry}'s training run of the JVM's start-up cache; not in the usage. */
    static final String EXIT_WHEN_READY = "--exit-when-ready";

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop;
    private final Instance instance;
    private final Map<String, String> env;

    UpCommand(PrintStream out, PrintStream err, CountDownLatch stop, Instance instance, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.stop = stop;
        this.instance = instance;
        this.env = env;
    }

    private Path home() {
        return instance.home();
    }

    /** Parses {@code up}'s options as {@code ferry up} would; a problem is an {@link IllegalArgumentException} with what to do. */
    Options parse(List<String> args) {
        return CommandLines.parse(new UpArguments(), args).options(home(), env);
    }

    int run(Options options) {
        try (FileLock lock = lock()) {
            if (lock == null) return 1;
            replaceLeftovers();
            return options.dataPlaneOnly() ? dataPlane(options) : system(options);
        } catch (IOException e) {
            err.println("ferry: cannot use " + instance.relative(instance.dir()) + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Holds the instance's lock while {@code up} runs, so that a second {@code up} of the same name refuses to start
     * (and cannot overwrite, then delete, the first one's state file); the system releases it when the process dies.
     * Null, after saying why, when another {@code up} holds it.
     */
    private FileLock lock() throws IOException {
        Files.createDirectories(instance.dir());
        FileChannel channel = FileChannel.open(instance.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            Optional<UpState> other = Optional.empty();
            try {
                other = instance.live();
            } catch (IllegalStateException unreadable) {
                // starting, or its file is damaged: the lock says enough
            }
            err.println("ferry: " + instance.command("up") + " is already running"
                    + other.map(o -> " (pid " + o.pid() + ", since " + o.startedAt() + ")").orElse(" (still starting)")
                    + ": stop it with " + instance.command("down") + ", or start another one beside it with './ferry up --name <other name>'");
            return null;
        }
        return lock;
    }

    /**
     * With the lock held, a state file of this name is a leftover: an {@code up} that was killed, or a damaged file.
     * The new one replaces it at {@code ready}; a damaged one is worth a word.
     */
    private void replaceLeftovers() {
        try {
            UpState.read(instance.stateFile());
        } catch (IllegalStateException unreadable) {
            err.println("ferry: " + instance.relative(instance.stateFile()) + " was unreadable; it is replaced when this up is ready");
            try {
                Files.deleteIfExists(instance.stateFile());
            } catch (IOException e) {
                // written over at ready
            }
        }
    }

    private int dataPlane(Options options) {
        Path stateFile = instance.stateFile();
        long pid = ProcessHandle.current().pid();
        Optional<String> busy = Ports.busy(options.port(), 0, Ports.LAMBDA, home());
        if (busy.isPresent()) {
            err.println("ferry: " + busy.get());
            return 1;
        }
        LocalCloud cloud;
        try {
            cloud = LocalCloud.start(options.port(), options.faults().map(FaultPlan::parse).orElseGet(FaultPlan::none).dynamodb());
        } catch (RuntimeException e) {
            err.println("ferry: could not start the data plane: " + StartFailures.reason(e));
            return 1;
        }
        try (cloud) {
            cloud.environment().forEach((name, value) -> out.println("export " + name + "=" + value));
            new UpState(Optional.empty(), cloud.environment(), Map.of(), pid, Instant.now()).write(stateFile);
            err.printf("ferry: data plane up in %d ms (dynamodb, sqs, sns, kinesis)%n", cloud.startupTime().toMillis());
            DynamoDbFaultPlan dynamoDbFaults = cloud.dynamodb().faults().plan();
            if (!dynamoDbFaults.isEmpty()) err.println("ferry: DynamoDB faults " + dynamoDbFaults);
            awaitStop(options, () -> {});
            reportDynamoDbFaults(Optional.of(cloud));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            return failedWhileUp(e);
        } finally {
            stopped(stateFile, pid);
        }
    }

    private int system(Options options) {
        FaultPlan faults = options.faults().map(FaultPlan::parse).orElseGet(FaultPlan::none);
        Optional<String> busy = Ports.busy(options.port(), options.endpoint().isPresent() ? Ports.LAMBDA : 0, Ports.SPAN, home());
        if (busy.isPresent()) {
            err.println("ferry: " + busy.get());
            return 1;
        }
        FunctionLogs logs;
        try {
            logs = FunctionLogs.open(instance.logs(), options.verbose());
        } catch (IllegalStateException e) {
            err.println("ferry: " + e.getMessage());
            return 1;
        }
        Path stateFile = instance.stateFile();
        long pid = ProcessHandle.current().pid();
        try (logs; RequestLog requests = RequestLog.to(out, logs.directory().resolve(FunctionLogs.REQUESTS))) {
            // From here on, what the functions print goes to their files (and the runtime's own lines to the terminal).
            logs.install();
            // The console hears every invocation too: its traces, percentiles and edge rates come from them.
            InvocationRecorder recorder = new InvocationRecorder();
            LocalSystem.Options systemOptions = LocalSystem.Options.of(options.cloudAssembly())
                    .withBasePort(options.port()).withFaults(faults)
                    .withRuntimeSettings(RuntimeSettings.defaults().withLog(System.out))
                    .withStartupListener((done, took) -> err.printf("ferry:   %s in %d ms%n", done, took.toMillis()))
                    .withInvocationListener(invocation -> {
                        requests.invoked(invocation);
                        recorder.invoked(invocation);
                    });
            // `ready` as soon as the runtime serves; the functions warm up behind it (each one's first invocation
            // initialises it if its warm-up has not yet). The training run warms them first, to record their loading.
            if (!options.exitWhenReady()) systemOptions = systemOptions.warmingUpInBackground();
            if (options.endpoint().isPresent()) {
                systemOptions = systemOptions.withExternalEndpoint(options.endpoint().get());
                if (!options.reuse()) systemOptions = systemOptions.refusingExistingResources();
            }
            err.println("ferry: starting " + options.endpoint().map(e -> "on " + e + " (functions in-process)")
                    .orElse("the local cloud") + (instance.isDefault() ? "" : " '" + instance.name() + "'") + " from "
                    + home().relativize(options.cloudAssembly().toAbsolutePath()));
            LocalSystem system;
            Instant systemStart = Instant.now();
            try {
                system = LocalSystem.start(systemOptions);
            } catch (EndpointNotEmptyException e) {
                err.println("ferry: " + e.getMessage() + ": another system's, or an earlier 'ferry up --endpoint''s. Nothing was"
                        + " created. Pass --reuse to run on them as they are (their data included), or name an endpoint without"
                        + " them (e.g. a restarted LocalStack)");
                return 1;
            } catch (RuntimeException e) {
                err.println("ferry: could not start the system: " + StartFailures.reason(e));
                return 1;
            }
            try {
                return serve(system, systemStart, options, faults, logs, recorder, stateFile, pid);
            } finally {
                stopped(stateFile, pid);
            }
        }
    }

    private int serve(LocalSystem system, Instant systemStart, Options options, FaultPlan faults, FunctionLogs logs, InvocationRecorder recorder,
                      Path stateFile, long pid) {
        int port = options.port();
        logs.meterInto(system.ledger());
        try (system; ApiDescriptionServer description = system.deployment().apis().isEmpty() ? ApiDescriptionServer.none()
                : ApiDescriptionServer.start(home().resolve(API_DESCRIPTION), port == 0 ? 0 : port + Ports.API_DESCRIPTION);
             StatsServer stats = StatsServer.start(system.runtime(), system.mappings(), port == 0 ? 0 : port + Ports.STATS);
             UpConsole console = UpConsole.start(system, recorder, Optional.of(logs), stats.url(), port == 0 ? 0 : port + Ports.CONSOLE)) {
            Map<String, List<String>> resources = SystemSummary.resourcesByKind(system.provisioned().summary().resources());
            Map<String, List<String>> state = new java.util.TreeMap<>(resources);
            state.put(ON_FAILURE_QUEUES, system.deployment().eventSourceMappings().stream()
                    .flatMap(m -> m.onFailureDestinationArn().stream()).map(SystemSummary::shortName).distinct().sorted().toList());
            state.put(UpState.FUNCTIONS, system.deployment().functions().stream().map(f -> f.functionName()).sorted().toList());
            Optional<URI> api = system.deployment().apis().isEmpty() ? Optional.empty() : Optional.of(system.apiUrl());
            out.println("API        " + api.map(URI::toString).orElse("none (the app deploys no REST API)"));
            out.println("console    " + console.url() + "  (topology, functions, queues, traces, faults: open it in a browser)");
            description.url().ifPresent(url -> out.println("OpenAPI    " + url + "  (" + API_DESCRIPTION + ")"));
            out.println("stats      " + stats.url() + "  (functions' and mappings' counters and peaks, for './ferry load')");
            out.println("logs       " + instance.relative(logs.directory()) + "/<function>.log  (" + instance.command("logs [function]") + ")");
            out.print(SystemSummary.render(system.deployment(), resources,
                    faults.isEmpty() ? "none" : faults.toString()));
            system.environment().forEach((name, value) -> out.println("export " + name + "=" + value));
            new UpState(api, system.environment(), state, pid, Instant.now(), Optional.of(stats.url()), description.url(),
                    options.endpoint(), Optional.of(console.url())).write(stateFile);
            err.println("ferry: " + upLine(system, systemStart));
            err.println("ferry: " + instance.command("demo") + " plays a scenario, " + instance.command("dlq")
                    + " lists the dead-letter queues; " + instance.command("down") + " or Ctrl-C stops");
            err.println("ferry: below, one line per request or event" + (options.verbose() ? " and the functions' own output"
                    : "; the functions' own output is in their log files (--verbose shows it here too)"));
            // The warm-up begins once `ready` is out: before, it would compete for the CPUs with the start itself.
            awaitStop(options, () -> warmUpAndReport(system));
            if (!faults.probabilities().isEmpty()) {
                var injected = system.runtime().faultCounters();
                err.printf("ferry: faults injected: %d duplicate deliveries, %d crashes before and %d after the handler, %d throttles%n",
                        injected.duplicates(), injected.crashesBefore(), injected.crashesAfter(), injected.throttles());
            }
            if (!faults.outages().isEmpty()) {
                var outages = system.faults().outageCounters();
                err.printf("ferry: outage proxies failed %d requests and forwarded %d%n", outages.failedRequests(), outages.forwardedRequests());
            }
            if (!faults.dynamodb().isEmpty()) reportDynamoDbFaults(system.cloud());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            return failedWhileUp(e);
        }
    }

    private void reportDynamoDbFaults(Optional<LocalCloud> cloud) {
        cloud.map(c -> c.dynamodb().faults().counters()).filter(c -> c.total() > 0).ifPresent(c -> err.printf(
                "ferry: DynamoDB faults raised: %d made-up and %d real transaction conflicts, %d throttles%n",
                c.injectedConflicts(), c.transactionConflicts(), c.throttles()));
    }

    /**
     * Set by {@code ./ferry}: when it started (milliseconds since the epoch), or when it finished building, synthesizing
     * or training, if it did.
     */
    static final String LAUNCH_ENV = "FERRY_LAUNCH_MS";

    /**
     * {@code up in 2412 ms (launch 380 ms, data plane 610 ms, provisioning 900 ms, runtime 150 ms, announce 40 ms; warm-up
     * in the background)}: from the start of the {@code ./ferry} script, or from the end of its build ({@link #LAUNCH_ENV}).
     * "launch" is the time until the system began to start (the script's checks, the JVM's start, the command line's
     * own checks), "announce" the time after it (the summary, the state file, the API description and statistics
     * servers). Without the script, from the system's start. (Not from the process's start time: Linux gives it to the
     * whole second only.)
     */
    private String upLine(LocalSystem system, Instant systemStart) {
        Instant now = Instant.now();
        LocalSystem.StartupPhases phases = system.startupPhases();
        Optional<Instant> launched = Optional.ofNullable(env.get(LAUNCH_ENV)).flatMap(UpCommand::epochMillis)
                .filter(at -> !at.isAfter(systemStart));
        Instant from = launched.orElse(systemStart);
        long announce = Math.max(0, java.time.Duration.between(systemStart.plus(system.startupTime()), now).toMillis());
        return String.format("up in %d ms (%sdata plane %d ms, provisioning %d ms, runtime %d ms, %sannounce %d ms%s)",
                java.time.Duration.between(from, now).toMillis(),
                launched.map(at -> "launch " + java.time.Duration.between(at, systemStart).toMillis() + " ms, ").orElse(""),
                phases.dataPlane().toMillis(), phases.provisioning().toMillis(), phases.runtime().toMillis(),
                phases.warmUpInBackground() ? "" : "warm-up " + phases.warmUp().toMillis() + " ms, ", announce,
                phases.warmUpInBackground() ? "; warm-up in the background" : "");
    }

    private static Optional<Instant> epochMillis(String text) {
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Begins the functions' warm-up in the background (when the start left it for later) and, once it is done, says
     * how long it took, or which functions failed to initialise and why (each of their invocations initialises them
     * again, and fails the same way until the cause is gone, as on Lambda). Nothing once {@code up} is stopping.
     */
    private void warmUpAndReport(LocalSystem system) {
        if (!system.startupPhases().warmUpInBackground()) return;
        int functions = system.deployment().functions().size();
        system.warmUp().whenComplete((warm, failure) -> {
            if (stop.getCount() == 0) return;
            if (failure != null) {
                err.println("ferry: the functions' warm-up stopped: " + StartFailures.reason(failure));
            } else if (warm.initErrors().isEmpty()) {
                err.printf("ferry:   %d functions loaded and initialised (warm) in %d ms, after ready%n", functions, warm.took().toMillis());
            } else {
                warm.initErrors().forEach((function, error) -> err.println("ferry: " + function + " failed to initialise: " + error
                        + "; each of its invocations tries again, as on Lambda (" + instance.command("logs " + function) + ")"));
            }
            err.flush();
        });
    }

    /**
     * Announces {@code ready}, runs {@code afterReady}, and blocks until SIGINT/SIGTERM (or a test) counts {@link #stop}
     * down; with {@code --exit-when-ready}, returns at once.
     */
    private void awaitStop(Options options, Runnable afterReady) throws InterruptedException {
        out.println("ready");
        out.flush();
        if (options.exitWhenReady()) return;
        afterReady.run();
        stop.await();
    }

    private int failedWhileUp(RuntimeException e) {
        err.println("ferry: " + StartFailures.reason(e));
        return 1;
    }

    /** Runs after the services closed: the state file goes only if it is still this process's. */
    private void stopped(Path stateFile, long pid) {
        UpState.removeIfOwned(stateFile, pid);
        err.println("ferry: stopped" + (instance.isDefault() ? "" : " '" + instance.name() + "'"));
        err.flush();
    }
}
