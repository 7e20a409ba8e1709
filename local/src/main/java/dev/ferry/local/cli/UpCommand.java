package dev.ferry.local.cli;

import dev.ferry.local.LocalCloud;
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

    /** Parses {@code up}'s options; a problem is an {@link IllegalArgumentException} with what to do. */
    Options parse(List<String> args) {
        boolean dataPlaneOnly = false;
        boolean verbose = false;
        boolean reuse = false;
        boolean exitWhenReady = false;
        int port = 0;
        Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create);
        Optional<String> faults = Optional.ofNullable(env.get(FaultPlan.ENV)).filter(s -> !s.isBlank());
        Path assembly = home().resolve("cdk.out");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--data-plane-only" -> dataPlaneOnly = true;
                case "--verbose", "-v" -> verbose = true;
                case "--reuse" -> reuse = true;
                case EXIT_WHEN_READY -> exitWhenReady = true;
                case "--port" -> {
                    String value = value(args, i++, "--port needs a number, e.g. --port 4566");
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number between 0 and 65535, not '" + value + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port needs a number between 0 and 65535, not " + port);
                    }
                    if (port > 65535 - Ports.SPAN + 1) {
                        throw new IllegalArgumentException("--port " + port + " leaves no room for the " + Ports.SPAN
                                + " ports it pins (N to N+" + (Ports.SPAN - 1) + "): pick one below " + (65535 - Ports.SPAN + 2));
                    }
                }
                case "--endpoint" -> endpoint = Optional.of(endpointUri(value(args, i++,
                        "--endpoint needs a URL, e.g. --endpoint http://localhost:4566")));
                case "--faults" -> faults = Optional.of(value(args, i++,
                        "--faults needs a plan, e.g. --faults duplicate:0.5,crash-after:0.1,ddb-throttle:0.05,seed:42"));
                case "--cloud-assembly" -> assembly = home().resolve(value(args, i++, "--cloud-assembly needs a directory"));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' for 'up'");
            }
        }
        if (dataPlaneOnly && endpoint.isPresent() && args.contains("--endpoint")) {
            throw new IllegalArgumentException("--data-plane-only starts the embedded services; it cannot be combined with --endpoint");
        }
        if (reuse && (dataPlaneOnly || endpoint.isEmpty())) {
            throw new IllegalArgumentException("--reuse is for --endpoint (or AWS_ENDPOINT_URL): the embedded data plane starts empty");
        }
        faults.ifPresent(FaultPlan::parse); // fails early, with the parser's message
        return new Options(dataPlaneOnly, port, dataPlaneOnly ? Optional.empty() : endpoint, faults, assembly, verbose, reuse,
                exitWhenReady);
    }

    private static String value(List<String> args, int i, String missing) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) throw new IllegalArgumentException(missing);
        return args.get(i + 1);
    }

    private static URI endpointUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--endpoint '" + text + "' is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--endpoint needs an http(s) URL such as http://localhost:4566, not '" + text + "'");
        }
        return uri;
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
            awaitStop(options);
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
            LocalSystem.Options systemOptions = LocalSystem.Options.of(options.cloudAssembly())
                    .withBasePort(options.port()).withFaults(faults)
                    .withRuntimeSettings(RuntimeSettings.defaults().withLog(System.out))
                    .withStartupListener((done, took) -> err.printf("ferry:   %s in %d ms%n", done, took.toMillis()))
                    .withInvocationListener(requests);
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
                return serve(system, options, faults, logs, stateFile, pid);
            } finally {
                stopped(stateFile, pid);
            }
        }
    }

    private int serve(LocalSystem system, Options options, FaultPlan faults, FunctionLogs logs, Path stateFile, long pid) {
        int port = options.port();
        try (system; ApiDescriptionServer description = system.deployment().apis().isEmpty() ? ApiDescriptionServer.none()
                : ApiDescriptionServer.start(home().resolve(API_DESCRIPTION), port == 0 ? 0 : port + Ports.API_DESCRIPTION);
             StatsServer stats = StatsServer.start(system.runtime(), system.mappings(), port == 0 ? 0 : port + Ports.STATS)) {
            Map<String, List<String>> resources = SystemSummary.resourcesByKind(system.provisioned().summary().resources());
            Map<String, List<String>> state = new java.util.TreeMap<>(resources);
            state.put(ON_FAILURE_QUEUES, system.deployment().eventSourceMappings().stream()
                    .flatMap(m -> m.onFailureDestinationArn().stream()).map(SystemSummary::shortName).distinct().sorted().toList());
            state.put(UpState.FUNCTIONS, system.deployment().functions().stream().map(f -> f.functionName()).sorted().toList());
            Optional<URI> api = system.deployment().apis().isEmpty() ? Optional.empty() : Optional.of(system.apiUrl());
            out.println("API        " + api.map(URI::toString).orElse("none (the app deploys no REST API)"));
            description.url().ifPresent(url -> out.println("OpenAPI    " + url + "  (" + API_DESCRIPTION + ")"));
            out.println("stats      " + stats.url() + "  (functions' and mappings' counters and peaks, for './ferry load')");
            out.println("logs       " + instance.relative(logs.directory()) + "/<function>.log  (" + instance.command("logs [function]") + ")");
            out.print(SystemSummary.render(system.deployment(), resources,
                    faults.isEmpty() ? "none" : faults.toString()));
            system.environment().forEach((name, value) -> out.println("export " + name + "=" + value));
            new UpState(api, system.environment(), state, pid, Instant.now(), Optional.of(stats.url()), description.url(),
                    options.endpoint()).write(stateFile);
            err.println("ferry: " + upLine(system));
            reportWarmUp(system);
            err.println("ferry: " + instance.command("demo") + " plays a scenario, " + instance.command("dlq")
                    + " lists the dead-letter queues; " + instance.command("down") + " or Ctrl-C stops");
            err.println("ferry: below, one line per request or event" + (options.verbose() ? " and the functions' own output"
                    : "; the functions' own output is in their log files (--verbose shows it here too)"));
            awaitStop(options);
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
     * {@code up in 2412 ms (launch 380 ms, data plane 610 ms, provisioning 900 ms, runtime 150 ms; warm-up in the
     * background)}: from the start of the {@code ./ferry} script, or from the end of its build ({@link #LAUNCH_ENV}),
     * with the time until the system began to start as "launch" (the script's checks, the JVM's start, the command
     * line's own checks). Without the script, from the system's start. (Not from the process's start time: Linux gives
     * it to the whole second only.)
     */
    private String upLine(LocalSystem system) {
        Instant now = Instant.now();
        Instant systemStart = now.minus(system.startupTime());
        Optional<Instant> launched = Optional.ofNullable(env.get(LAUNCH_ENV)).flatMap(UpCommand::epochMillis);
        if (launched.isEmpty() || launched.get().isAfter(systemStart)) {
            return String.format("up in %d ms (%s)", system.startupTime().toMillis(), system.startupPhases());
        }
        return String.format("up in %d ms (launch %d ms, %s)", java.time.Duration.between(launched.get(), now).toMillis(),
                java.time.Duration.between(launched.get(), systemStart).toMillis(), system.startupPhases());
    }

    private static Optional<Instant> epochMillis(String text) {
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Once the functions warmed up in the background: how long it took, or which failed to initialise and why (each
     * fails its invocations with that error, as on Lambda). Nothing once {@code up} is stopping.
     */
    private void reportWarmUp(LocalSystem system) {
        if (!system.startupPhases().warmUpInBackground()) return;
        int functions = system.deployment().functions().size();
        system.warmedUp().whenComplete((warm, failure) -> {
            if (stop.getCount() == 0) return;
            if (failure != null) {
                err.println("ferry: the functions' warm-up stopped: " + StartFailures.reason(failure));
            } else if (warm.initErrors().isEmpty()) {
                err.printf("ferry:   %d functions loaded and initialised (warm) in %d ms, after ready%n", functions, warm.took().toMillis());
            } else {
                warm.initErrors().forEach((function, error) -> err.println("ferry: " + function + " failed to initialise: " + error
                        + "; its invocations fail with this error until it is fixed (" + instance.command("logs " + function) + ")"));
            }
            err.flush();
        });
    }

    /**
     * Announces {@code ready} and blocks until SIGINT/SIGTERM (or a test) counts {@link #stop} down; with
     * {@code --exit-when-ready}, returns at once.
     */
    private void awaitStop(Options options) throws InterruptedException {
        out.println("ready");
        out.flush();
        if (options.exitWhenReady()) return;
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
