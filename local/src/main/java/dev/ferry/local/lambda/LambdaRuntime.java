package dev.ferry.local.lambda;

import dev.ferry.local.cost.Meter;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.deployment.SnsLambdaSubscription;
import dev.ferry.local.faults.FaultCounters;
import dev.ferry.local.faults.FaultInjector;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.faults.outage.Outages;
import dev.ferry.local.lambda.api.LambdaApiBackend;
import dev.ferry.local.lambda.api.LambdaApiServer;
import dev.ferry.local.schedule.RuleFiring;
import dev.ferry.local.schedule.RuleScheduler;
import dev.ferry.local.schedule.SchedulerClock;
import dev.ferry.local.schedule.TargetDelivery;
import dev.ferry.local.schedule.TargetDeliveryException;
import dev.ferry.local.sns.SnsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * The in-process Lambda runtime of the local cloud: runs a {@link Deployment}'s functions from their
 * assets, each in its own class loader and environment; serves the Lambda API; delivers its SNS
 * subscriptions; fires its scheduled EventBridge rules; and injects the faults of a {@link FaultPlan}.
 * What invokes the functions from outside (the event source mappings' pollers, the API Gateway fronts) is
 * composed around it by {@code LocalSystem}: the runtime knows neither.
 *
 * <pre>{@code
 * try (LambdaRuntime runtime = LambdaRuntime.builder(deployment)
 *         .endpoints(dataPlaneEnv)          // AWS_ENDPOINT_URL_SQS, ..._KINESIS, ..._DYNAMODB, ..._SNS
 *         .sns(snsService)                  // to receive the topic -> function deliveries
 *         .faults(FaultPlan.fromEnvironment())
 *         .start();
 *      ApiFronts apis = ApiFronts.start(deployment.apis(), runtime, 0, runtime.ledger());        // apigateway: the REST APIs
 *      MappingPollers mappings = MappingPollers.start(runtime, Optional.empty())) { // eventsource: the pollers
 *     URI api = apis.url(deployment.apis().getFirst());
 *     InvokeResult r = runtime.invoke(functionArn, "{\"hello\":1}");
 * }
 * }</pre>
 */
public final class LambdaRuntime implements FunctionInvoker, AutoCloseable {
    /** The variable the AWS SDKs and CLI read the Lambda endpoint from; set for every function, printed by {@code ferry up}. */
    public static final String LAMBDA_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_LAMBDA";

    private final Deployment deployment;
    private final RuntimeSettings settings;
    private final FaultInjector faults;
    private final Outages outages;
    private final Map<String, LocalFunction> functionsByName = new LinkedHashMap<>();
    private final AwsClients clients;
    private final Destinations destinations;
    private final AsyncInvoker async;
    private final List<AutoCloseable> snsRegistrations = new ArrayList<>();
    private final RuleScheduler schedules;
    private final LambdaApiServer lambdaApi;
    private final Path scratch;
    private final RequestLedger ledger;
    private volatile boolean closed;

    private LambdaRuntime(Builder b) {
        this.deployment = b.deployment;
        this.settings = b.settings;
        this.ledger = b.ledger;
        this.faults = new FaultInjector(b.faults);
        // Before the functions: each function's endpoints point at its own outage proxies, if the plan has any.
        this.outages = Outages.start(b.faults.outages(), deployment.functions().stream().map(FunctionSpec::functionName).toList(),
                b.endpoints, java.time.InstantSource.system(), settings.log());
        this.clients = new AwsClients(b.endpoints, settings.region());
        this.destinations = new Destinations(clients);
        this.async = new AsyncInvoker(settings, faults, destinations);
        this.schedules = new RuleScheduler(deployment.scheduleRules(), settings.scheduleTiming(), SchedulerClock.system(),
                new TargetDelivery(this::deliverScheduledEvent, new RuleDeadLetters(clients, destinations),
                        settings.throttleRetryDelay(), SchedulerClock.system(), settings.log()),
                settings.log());
        try {
            this.scratch = Files.createTempDirectory("ferry-lambda-");
        } catch (IOException e) {
            outages.close();
            throw new UncheckedIOException("could not create the runtime's scratch directory: " + e.getMessage(), e);
        }
        // Bound before the functions exist, so that their environment can name it: a function calling Lambda
        // reaches its neighbours in this runtime.
        try {
            this.lambdaApi = LambdaApiServer.bind(b.lambdaApiPort);
        } catch (RuntimeException e) {
            outages.close();
            deleteQuietly(scratch);
            throw e;
        }
        Map<String, String> functionEndpoints = new LinkedHashMap<>(b.endpoints);
        functionEndpoints.put(LAMBDA_ENDPOINT_VARIABLE, lambdaApi.endpoint().toString());
        Semaphore account = new Semaphore(settings.accountConcurrency());
        for (FunctionSpec f : deployment.functions()) {
            functionsByName.put(f.functionName(), new LocalFunction(f, outages.endpointsFor(f.functionName(), functionEndpoints),
                    settings, faults, account, scratch, b.invocationListener));
        }
        functionsByName.values().forEach(f -> f.meterInto(ledger));
    }

    /** Starts everything with default settings; SNS deliveries need {@link Builder#sns}. */
    public static LambdaRuntime start(Deployment deployment, Map<String, String> endpointsEnv, FaultPlan faults) {
        return builder(deployment).endpoints(endpointsEnv).faults(faults).start();
    }

    public static Builder builder(Deployment deployment) {
        return new Builder(deployment);
    }

    public static final class Builder {
        private final Deployment deployment;
        private Map<String, String> endpoints = Map.of();
        private FaultPlan faults = FaultPlan.none();
        private RuntimeSettings settings = RuntimeSettings.defaults();
        private SnsService sns;
        private int lambdaApiPort;
        private InvocationListener invocationListener = InvocationListener.NONE;
        private RequestLedger ledger = new RequestLedger();

        private Builder(Deployment deployment) {
            this.deployment = deployment;
        }

        /** The data plane's {@code AWS_ENDPOINT_URL_*} variables: given to every function and used by the pollers. */
        public Builder endpoints(Map<String, String> env) {
            this.endpoints = Map.copyOf(env);
            return this;
        }

        public Builder faults(FaultPlan plan) {
            this.faults = plan;
            return this;
        }

        public Builder settings(RuntimeSettings s) {
            this.settings = s;
            return this;
        }

        /** The embedded SNS emulator whose {@code lambda} subscriptions this runtime serves. */
        public Builder sns(SnsService service) {
            this.sns = service;
            return this;
        }

        /** The loopback port of the Lambda API ({@link #lambdaEndpoint()}); 0, the default, picks a free one. */
        public Builder lambdaApiPort(int port) {
            this.lambdaApiPort = port;
            return this;
        }

        /**
         * Where the runtime counts what it asks of AWS (Lambda requests and GB-seconds, scheduled invocations; the API fronts
         * count API Gateway requests into the same ledger): the data plane's ledger ({@link dev.ferry.local.LocalCloud#ledger()}), so that one ledger holds
         * everything; by default a ledger of the runtime's own.
         */
        public Builder ledger(RequestLedger ledger) {
            this.ledger = java.util.Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** Told about every invocation once it has ended (see {@link InvocationListener}). */
        public Builder invocationListener(InvocationListener listener) {
            this.invocationListener = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        public LambdaRuntime start() {
            LambdaRuntime runtime = new LambdaRuntime(this);
            try {
                runtime.startSources(sns);
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
            return runtime;
        }
    }

    private void startSources(SnsService sns) {
        lambdaApi.start(new ApiBackend());
        for (SnsLambdaSubscription s : deployment.snsSubscriptions()) {
            LocalFunction f = function(s.functionArn());
            if (sns == null) {
                settings.log().println("[runtime] no SNS emulator given: " + s.topicArn() + " -> " + f.name()
                        + " is not delivered");
                continue;
            }
            // Register the ARN as subscribed and the function's own ARN, so a qualified or an unqualified
            // subscription endpoint both reach the function.
            snsRegistrations.add(sns.registerLambda(s.functionArn(), event -> invokeAsync(s.functionArn(), event)));
            if (!f.spec().arn().equals(s.functionArn())) {
                snsRegistrations.add(sns.registerLambda(f.spec().arn(), event -> invokeAsync(s.functionArn(), event)));
            }
        }
        // Every target must be a function of this deployment before anything fires.
        deployment.scheduleRules().forEach(r -> r.targets().forEach(t -> function(t.functionArn())));
        schedules.start();
    }

    /** Synchronous invoke (InvocationType RequestResponse), as the Invoke API or a test would. */
    public InvokeResult invoke(String functionArn, String jsonPayload) {
        return invoke(functionArn, jsonPayload.getBytes(StandardCharsets.UTF_8), InvocationSource.SYNC);
    }

    @Override
    public InvokeResult invoke(String functionArn, byte[] payload, InvocationSource source) {
        return function(functionArn).invoke(payload, source);
    }

    /**
     * Asynchronous invoke (InvocationType Event): queued, retried and routed to destinations per the
     * function's EventInvokeConfig. Returns the request id.
     */
    public String invokeAsync(String functionArn, String jsonPayload) {
        return async.submit(function(functionArn), jsonPayload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Fires a scheduled rule now (by name or ARN), as if its schedule had come due: each Lambda target gets
     * EventBridge's scheduled event (or its {@code Input}) as an asynchronous invocation. Returns the event id
     * and each target's outcome (the request ids). A disabled rule cannot fire ({@link IllegalStateException});
     * an unknown one is an {@link IllegalArgumentException} naming the deployment's scheduled rules.
     */
    public RuleFiring fireRule(String ruleNameOrArn) {
        return schedules.fire(ruleNameOrArn);
    }

    /** The scheduled rules as they run: fire counts, last and next fire times, delivery failures. */
    public RuleScheduler schedules() {
        return schedules;
    }

    /** EventBridge hands a rule's event to Lambda's asynchronous queue; a function it cannot find is not retried. */
    private String deliverScheduledEvent(String functionArn, byte[] payload) {
        LocalFunction target;
        try {
            target = function(functionArn);
        } catch (IllegalArgumentException e) {
            throw new TargetDeliveryException("NO_RESOURCE", e.getMessage(), false);
        }
        ledger.add(Meter.SCHEDULED_INVOCATIONS, target.name(), 1);
        return async.submit(target, payload);
    }

    /** What the runtime and, when it was given the data plane's ledger, the data plane served, by service and kind. */
    public RequestLedger ledger() {
        return ledger;
    }

    /**
     * Loads every function and runs its init (constructor, static initialisers) now, in parallel, instead of
     * at its first invocation, so that a start-up reports broken functions at once and the first requests
     * are not cold. Returns the init error of each function that failed, by function name (empty: all fine).
     */
    public Map<String, String> warmUp() {
        Map<String, String> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (LocalFunction f : functionsByName.values()) {
                executor.execute(() -> f.warm().ifPresent(error -> failures.put(f.name(), error)));
            }
        }
        return Map.copyOf(failures);
    }

    /**
     * Warms every function as {@link #warmUp()} does, but in the background: returns at once, and completes with the
     * init errors by function name once every function was tried. At most {@code parallelism} functions are
     * initialised at a time, on platform threads of their own (class loading pins a virtual thread's carrier, and the
     * invocations run on virtual threads), the functions behind an API first. Invocations meanwhile are served: one
     * that finds its function's environment still being initialised waits for it rather than initialising a second
     * one, and a function nobody warmed yet is initialised by its first invocation, as on Lambda.
     */
    public java.util.concurrent.CompletableFuture<Map<String, String>> warmUpInBackground(int parallelism) {
        java.util.Set<String> behindApis = new java.util.HashSet<>();
        deployment.apis().forEach(api -> api.routes().forEach(route -> behindApis.add(nameOf(route.functionArn()))));
        List<LocalFunction> order = new ArrayList<>(functionsByName.values());
        order.sort(Comparator.comparing(f -> !behindApis.contains(f.name()))); // stable: the deployment's order otherwise
        var queue = new java.util.concurrent.ConcurrentLinkedQueue<>(order);
        Map<String, String> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
        var done = new java.util.concurrent.CompletableFuture<Map<String, String>>();
        int workers = Math.max(1, Math.min(parallelism, order.size()));
        var remaining = new java.util.concurrent.atomic.AtomicInteger(workers);
        for (int i = 0; i < workers; i++) {
            Thread.ofPlatform().daemon().name("ferry-warm-up-" + i).start(() -> {
                try {
                    for (LocalFunction f = queue.poll(); f != null && !closed; f = queue.poll()) {
                        LocalFunction function = f;
                        function.warm().ifPresent(error -> failures.put(function.name(), error));
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                } finally {
                    if (remaining.decrementAndGet() == 0) done.complete(Map.copyOf(failures));
                }
            });
        }
        return done;
    }

    @Override
    public String functionName(String functionArn) {
        return function(functionArn).name();
    }

    @Override
    public java.util.OptionalInt reservedConcurrency(String functionArn) {
        return function(functionArn).spec().reservedConcurrency();
    }

    /** The environment a function's handler is constructed with. */
    public Map<String, String> environmentOf(String functionArn) {
        return function(functionArn).environment();
    }

    /**
     * {@code http://127.0.0.1:PORT}: the AWS Lambda API (Invoke, ListEventSourceMappings) of this runtime, for an
     * SDK's {@code endpointOverride} or {@code AWS_ENDPOINT_URL_LAMBDA}.
     */
    public URI lambdaEndpoint() {
        return lambdaApi.endpoint();
    }

    /** What the Lambda API runs on: RequestResponse as a direct synchronous invoke, Event through the async queue. */
    private final class ApiBackend implements LambdaApiBackend {
        @Override
        public List<FunctionSpec> functions() {
            return deployment.functions();
        }

        @Override
        public List<EventSourceMappingSpec> eventSourceMappings() {
            return deployment.eventSourceMappings();
        }

        @Override
        public InvokeResult invoke(FunctionSpec function, byte[] payload) {
            return LambdaRuntime.this.invoke(function.arn(), payload, InvocationSource.SYNC);
        }

        @Override
        public String invokeAsync(FunctionSpec function, byte[] payload) {
            return async.submit(function(function.arn()), payload);
        }

        @Override
        public int asyncPayloadLimit() {
            return AsyncInvoker.ASYNC_PAYLOAD_LIMIT;
        }

        @Override
        public String region() {
            return settings.region();
        }

        @Override
        public String account() {
            return deployment.functions().stream().map(f -> f.arn().split(":")).filter(a -> a.length > 4)
                    .map(a -> a[4]).findFirst().orElse("000000000000");
        }
    }

    public Deployment deployment() {
        return deployment;
    }

    /** The timing, region and log the runtime runs with: for what invokes its functions from outside it. */
    public RuntimeSettings settings() {
        return settings;
    }

    /** The runtime's AWS clients of the data plane (the pollers read their sources with them). */
    public AwsClients clients() {
        return clients;
    }

    /** Where failed events go (on-failure destinations, dead-letter queues). */
    public Destinations destinations() {
        return destinations;
    }

    /** The fault injector of the runtime's {@link FaultPlan}: event sources ask it whether to duplicate a delivery. */
    public FaultInjector faultInjector() {
        return faults;
    }

    public FaultCounters faultCounters() {
        return faults.counters();
    }

    public FaultPlan faultPlan() {
        return faults.plan();
    }

    /** Switches the invocation faults' probabilities at run time (see {@link FaultInjector#changeRates}). */
    public void changeFaultRates(Map<dev.ferry.local.faults.Fault, Double> probabilities) {
        faults.changeRates(probabilities);
    }

    /** The outage switch: starts and ends outages of the services the fault plan routes through proxies. */
    public Outages outages() {
        return outages;
    }

    public List<FunctionStats> functionStats() {
        return functionsByName.values().stream().map(LocalFunction::stats).toList();
    }

    /**
     * The functions' counters with their peak concurrency taken from {@code since} (to the second) until now, e.g.
     * over one load run while the runtime has been up for longer.
     */
    public List<FunctionStats> functionStats(java.time.Instant since) {
        return functionsByName.values().stream().map(f -> f.stats(since)).toList();
    }

    /**
     * How long each function's inits took (code loaded, handler constructed): the {@code Init Duration} Lambda reports,
     * measured in this JVM. The first is the comparable figure: see {@link InitStats}.
     */
    public List<InitStats> initStats() {
        return functionsByName.values().stream().map(LocalFunction::initStats).toList();
    }

    /** Asynchronous events accepted and not yet finished (including their retries). */
    public int pendingAsyncInvocations() {
        return async.pending();
    }

    /**
     * Asynchronous events given up without a destination to receive them (function errors after the
     * configured retries, e.g. the at-most-once telemetry subscriber's): lost, and counted here.
     */
    public long droppedAsyncEvents() {
        return async.dropped();
    }

    /** Waits until the asynchronous queue is empty; false on timeout. */
    public boolean awaitAsyncIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (async.pending() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** One line per function, SNS subscription and scheduled rule, and the fault plan: what runs in the runtime. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (LocalFunction f : functionsByName.values()) {
            sb.append("function ").append(f.name()).append("  ").append(f.spec().handler())
                    .append("  timeout ").append(f.spec().timeout().toSeconds()).append(" s")
                    .append(f.spec().reservedConcurrency().isPresent()
                            ? "  reserved " + f.spec().reservedConcurrency().getAsInt() : "")
                    .append(System.lineSeparator());
        }
        for (SnsLambdaSubscription s : deployment.snsSubscriptions()) {
            sb.append("sns      ").append(s.topicArn()).append(" -> ").append(functionName(s.functionArn()))
                    .append(System.lineSeparator());
        }
        for (ScheduleRuleSpec r : deployment.scheduleRules()) {
            sb.append("schedule ").append(r.scheduleExpression()).append(' ').append(r.name()).append(" -> ")
                    .append(r.targets().stream().map(t -> functionName(t.functionArn())).distinct()
                            .collect(java.util.stream.Collectors.joining(", ")))
                    .append(r.enabled() ? "" : "  (disabled)").append(System.lineSeparator());
        }
        sb.append("faults   ").append(faults.plan()).append(System.lineSeparator());
        if (!outages.switchableServices().isEmpty()) {
            sb.append("outages  ").append(outages.describe()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private LocalFunction function(String functionArnOrName) {
        LocalFunction f = functionsByName.get(nameOf(functionArnOrName));
        if (f == null) {
            throw new IllegalArgumentException("Function not found: " + functionArnOrName
                    + " (ResourceNotFoundException); this deployment has " + functionsByName.keySet());
        }
        return f;
    }

    /** {@code arn:aws:lambda:r:a:function:name[:qualifier]} or {@code name[:qualifier]} -> the name. */
    static String nameOf(String arnOrName) {
        if (!arnOrName.startsWith("arn:")) {
            int qualifier = arnOrName.indexOf(':');
            return qualifier < 0 ? arnOrName : arnOrName.substring(0, qualifier);
        }
        String[] parts = arnOrName.split(":");
        return parts.length >= 7 ? parts[6] : arnOrName;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable r : snsRegistrations) {
            try {
                r.close();
            } catch (Exception ignored) {
                // unregistering a callback cannot fail in a way worth reporting
            }
        }
        schedules.close();
        lambdaApi.close();
        async.close();
        functionsByName.values().forEach(LocalFunction::close);
        outages.close();
        clients.close();
        deleteQuietly(scratch);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files; the OS cleans up what is left
        }
    }
}
