package dev.ferry.local.lambda;

import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.faults.Fault;
import dev.ferry.local.faults.FaultInjector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One function of the deployment: its class loader, its pool of execution environments (one handler
 * instance each, one invocation at a time each, as on Lambda), its concurrency limit and its timeout.
 */
final class LocalFunction implements AutoCloseable {
    static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

    private final FunctionSpec spec;
    private final Map<String, String> environment;
    private final RuntimeSettings settings;
    private final FaultInjector faults;
    private final Semaphore concurrency;
    private final boolean reserved;
    private final Path scratch;
    private final FunctionLogger logger;
    private final InvocationListener listener;
    private final ConcurrentLinkedDeque<ExecutionEnvironment> idle = new ConcurrentLinkedDeque<>();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong durationNanos = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicLong inits = new AtomicLong();
    private volatile Duration firstInit;
    private volatile Duration lastInit;
    /** Environments an invocation is initialising now; claimed under this object's lock, so that {@link #warm()} can tell. */
    private final AtomicInteger initialising = new AtomicInteger();
    /** Completed when the environment {@link #warm()} is initialising is ready (or failed); null when none is. */
    private volatile CompletableFuture<Void> warming;
    private final ConcurrencyGauge concurrent = new ConcurrencyGauge();
    private FunctionClassLoader loader;
    private Serializers serializers;
    private volatile boolean closed;
    private volatile RequestLedger ledger = RequestLedger.discarding();

    /** @param initDuration what its init took (code loaded, handler constructed): Lambda's {@code Init Duration} */
    private record ExecutionEnvironment(LoadedHandler handler, String logStream, Duration initDuration) {}

    LocalFunction(FunctionSpec spec, Map<String, String> endpoints, RuntimeSettings settings, FaultInjector faults,
                  Semaphore accountConcurrency, Path scratch) {
        this(spec, endpoints, settings, faults, accountConcurrency, scratch, InvocationListener.NONE);
    }

    LocalFunction(FunctionSpec spec, Map<String, String> endpoints, RuntimeSettings settings, FaultInjector faults,
                  Semaphore accountConcurrency, Path scratch, InvocationListener listener) {
        this.spec = spec;
        this.listener = listener;
        this.settings = settings;
        this.faults = faults;
        this.scratch = scratch;
        this.environment = environmentOf(spec, endpoints, settings);
        this.reserved = spec.reservedConcurrency().isPresent();
        this.concurrency = reserved ? new Semaphore(spec.reservedConcurrency().getAsInt()) : accountConcurrency;
        this.logger = new FunctionLogger(spec.functionName(), settings.log());
    }

    /**
     * The environment as Lambda builds it: the template's variables, then the reserved ones Lambda sets
     * (region, function name, memory, log names, credentials), then the local endpoints so that every SDK
     * client of the function talks to the local cloud.
     */
    static Map<String, String> environmentOf(FunctionSpec spec, Map<String, String> endpoints, RuntimeSettings settings) {
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        env.put("AWS_REGION", settings.region());
        env.put("AWS_DEFAULT_REGION", settings.region());
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.functionName());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtime());
        env.put("_HANDLER", spec.handler());
        env.put("LAMBDA_TASK_ROOT", spec.code().toAbsolutePath().toString());
        env.put("AWS_ACCESS_KEY_ID", "ferry-local");
        env.put("AWS_SECRET_ACCESS_KEY", "ferry-local");
        env.put("AWS_SESSION_TOKEN", "ferry-local");
        env.putAll(endpoints);
        return Map.copyOf(env);
    }

    FunctionSpec spec() {
        return spec;
    }

    String name() {
        return spec.functionName();
    }

    Map<String, String> environment() {
        return environment;
    }

    FunctionStats stats() {
        return new FunctionStats(spec.functionName(), invocations.get(), errors.get(), throttles.get(), coldStarts.get(),
                concurrent.current(), concurrent.peak(), java.time.Duration.ofNanos(durationNanos.get()));
    }

    /** The same counters, with the peak concurrency taken from {@code since} (to the second) until now. */
    FunctionStats stats(java.time.Instant since) {
        return new FunctionStats(spec.functionName(), invocations.get(), errors.get(), throttles.get(), coldStarts.get(),
                concurrent.current(), concurrent.peakSince(since), java.time.Duration.ofNanos(durationNanos.get()));
    }

    /** How long this function's inits took: the first (from a fresh class loader, as on Lambda) and the latest. */
    InitStats initStats() {
        return new InitStats(spec.functionName(), inits.get(), Optional.ofNullable(firstInit), Optional.ofNullable(lastInit));
    }

    /** Counts each invocation (a request, and GB-seconds from the configured memory) in {@code ledger} from now on. */
    void meterInto(RequestLedger ledger) {
        this.ledger = ledger;
    }

    InvokeResult invoke(byte[] payload, InvocationSource source) {
        return invoke(payload, source, UUID.randomUUID().toString());
    }

    /** Runs one invocation; asynchronous retries keep the request id of the original event, as on Lambda. */
    InvokeResult invoke(byte[] payload, InvocationSource source, String requestId) {
        if (listener == InvocationListener.NONE) return attempt(payload, source, requestId);
        java.time.Instant started = java.time.Instant.now();
        long begin = System.nanoTime();
        InvokeResult result = attempt(payload, source, requestId);
        try {
            listener.invoked(new InvocationListener.Invocation(spec.functionName(), source, requestId, payload, result, started,
                    java.time.Duration.ofNanos(System.nanoTime() - begin)));
        } catch (RuntimeException ignored) {
            // a listener's failure is no failure of the invocation
        }
        return result;
    }

    private InvokeResult attempt(byte[] payload, InvocationSource source, String requestId) {
        if (closed) {
            return new InvokeResult.Rejected(requestId, "ServiceException", "the local Lambda runtime is closed");
        }
        if (source == InvocationSource.SYNC && payload.length > SYNC_PAYLOAD_LIMIT) {
            return new InvokeResult.Rejected(requestId, "RequestEntityTooLargeException",
                    "Request must be smaller than " + SYNC_PAYLOAD_LIMIT + " bytes for the InvokeFunction operation");
        }
        boolean eventDriven = source != InvocationSource.SYNC;
        if (eventDriven && faults.inject(Fault.THROTTLE, name())) {
            throttles.incrementAndGet();
            return new InvokeResult.Throttled(requestId, "FerryInjectedThrottle", "Rate Exceeded.");
        }
        if (!concurrency.tryAcquire()) {
            throttles.incrementAndGet();
            return new InvokeResult.Throttled(requestId, reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                    : "ConcurrentInvocationLimitExceeded", "Rate Exceeded.");
        }
        invocations.incrementAndGet();
        concurrent.enter();
        long started = System.nanoTime();
        try {
            InvokeResult result = run(requestId, payload, eventDriven);
            if (!(result instanceof InvokeResult.Success)) {
                errors.incrementAndGet();
            }
            return result;
        } finally {
            long took = System.nanoTime() - started;
            durationNanos.addAndGet(took);
            ledger.lambda(spec.functionName(), spec.memoryMb(), took);
            concurrent.exit();
            concurrency.release();
        }
    }

    private InvokeResult run(String requestId, byte[] payload, boolean eventDriven) {
        ExecutionEnvironment env = idle.pollFirst();
        if (env == null) {
            env = fromWarmUp();
        }
        if (env != null) {
            return runIn(env, requestId, payload, eventDriven);
        }
        try {
            env = initEnvironment();
        } catch (InitFailure e) {
            logger.log("INIT_REPORT Status: error ErrorType: " + e.document.path("errorType").asText()
                    + " ErrorMessage: " + e.document.path("errorMessage").asText());
            return ErrorDocument.failure(requestId, e.document);
        } finally {
            initialising.decrementAndGet();
        }
        // A cold start: as on Lambda, the REPORT line of an environment's first invocation carries its Init Duration.
        long started = System.nanoTime();
        InvokeResult result = runIn(env, requestId, payload, eventDriven);
        logger.log(report(requestId, Duration.ofNanos(System.nanoTime() - started), env.initDuration()));
        return result;
    }

    /**
     * Lambda's {@code REPORT} line, without {@code Max Memory Used} (functions share one heap here): {@code REPORT RequestId:
     * <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\tInit Duration: 345.67 ms}.
     */
    private String report(String requestId, Duration duration, Duration init) {
        return "REPORT RequestId: " + requestId + "\tDuration: " + millis(duration) + " ms\tBilled Duration: "
                + (long) Math.ceil(duration.toNanos() / 1e6) + " ms\tMemory Size: " + spec.memoryMb() + " MB\tInit Duration: "
                + millis(init) + " ms";
    }

    static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.2f", d.toNanos() / 1e6);
    }

    private InvokeResult runIn(ExecutionEnvironment env, String requestId, byte[] payload, boolean eventDriven) {
        if (eventDriven && faults.inject(Fault.CRASH_BEFORE, name())) {
            // The environment is gone: the next invocation starts a new one.
            return crashed(requestId, "the execution environment crashed before the handler ran");
        }
        long timeoutMs = spec.timeout().toMillis();
        // The handler sees Lambda's deadline; the runtime waits longer when the machine is busy (TimeoutStretch).
        TimeoutStretch.Stretched enforced = TimeoutStretch.ofThisMachine().apply(spec.timeout());
        LocalContext context = new LocalContext(requestId, spec.functionName(), "$LATEST", spec.arn(), spec.memoryMb(),
                System.currentTimeMillis() + timeoutMs, "/aws/lambda/" + spec.functionName(), env.logStream(), logger);
        CompletableFuture<byte[]> outcome = new CompletableFuture<>();
        ExecutionEnvironment current = env;
        ClassLoader functionLoader = loaderOrNull();
        Thread thread = Thread.ofVirtual().name("lambda-" + spec.functionName() + "-" + requestId).unstarted(() -> {
            Thread.currentThread().setContextClassLoader(functionLoader);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream(256);
                current.handler().handle(new ByteArrayInputStream(payload), out, context);
                outcome.complete(out.toByteArray());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(thread);
        thread.start();
        byte[] response;
        try {
            response = outcome.get(enforced.enforced().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Lambda stops the environment at the timeout; a thread cannot be killed, so it is interrupted and
            // its environment is never reused.
            thread.interrupt();
            String seconds = String.format("%.2f", timeoutMs / 1000.0);
            logger.log(requestId + " Task timed out after " + seconds + " seconds (" + enforced.explanation() + ")");
            return ErrorDocument.failure(requestId, ErrorDocument.of("Sandbox.Timedout",
                    "RequestId: " + requestId + " Error: Task timed out after " + seconds + " seconds"));
        } catch (ExecutionException e) {
            idle.addFirst(env);
            Throwable cause = e.getCause();
            logger.log(requestId + " " + cause);
            return ErrorDocument.failure(requestId, ErrorDocument.of(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            return ErrorDocument.failure(requestId, ErrorDocument.of("Runtime.Interrupted",
                    "RequestId: " + requestId + " Error: the invocation was interrupted (the runtime is stopping)"));
        }
        if (eventDriven && faults.inject(Fault.CRASH_AFTER, name())) {
            return crashed(requestId, "the execution environment crashed after the handler returned; its response is lost");
        }
        idle.addFirst(env);
        return new InvokeResult.Success(requestId, response);
    }

    /**
     * Initialises one execution environment ahead of the first invocation (a provisioned-concurrency-like
     * warm start); returns the init error, if any. Nothing to do when the function has an environment, idle or
     * busy, or an invocation is initialising one (it came first).
     *
     * <p>It may run while the function is being invoked (a warm-up in the background, after {@code ready}): the
     * environment joins the idle ones only once its handler is constructed, and an invocation that finds none idle
     * meanwhile waits for it ({@link #fromWarmUp()}) instead of initialising a second one.
     */
    java.util.Optional<String> warm() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed || warming != null || initialising.get() > 0 || !idle.isEmpty() || !running.isEmpty()) {
                return java.util.Optional.empty();
            }
            coldStarts.incrementAndGet();
            warming = done;
        }
        try {
            ExecutionEnvironment env = initEnvironment();
            // Initialised ahead of any invocation (as provisioned concurrency is): Lambda's INIT_REPORT, with its duration.
            logger.log("INIT_REPORT Init Duration: " + millis(env.initDuration()) + " ms\tPhase: init\tStatus: success");
            idle.addFirst(env);
            return java.util.Optional.empty();
        } catch (InitFailure e) {
            return java.util.Optional.of(e.document.path("errorType").asText() + ": " + e.document.path("errorMessage").asText());
        } finally {
            warming = null;
            done.complete(null);
        }
    }

    /**
     * The environment {@link #warm()} is initialising, once it is ready: waited for at most the function's (stretched)
     * timeout. Null when no warm-up is under way, when it failed, or when another invocation took its environment first;
     * the invocation then counts a cold start and initialises its own (reporting an init error as Lambda would).
     */
    private ExecutionEnvironment fromWarmUp() {
        CompletableFuture<Void> pending;
        synchronized (this) {
            pending = warming;
            if (pending == null) {
                coldStarts.incrementAndGet();
                initialising.incrementAndGet();
                return null;
            }
        }
        try {
            pending.get(TimeoutStretch.ofThisMachine().apply(spec.timeout()).enforced().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // not ready in time: an environment of its own, as if there had been no warm-up
        }
        ExecutionEnvironment env = idle.pollFirst();
        if (env == null) {
            synchronized (this) {
                coldStarts.incrementAndGet();
                initialising.incrementAndGet();
            }
        }
        return env;
    }

    private InvokeResult crashed(String requestId, String what) {
        return ErrorDocument.failure(requestId, ErrorDocument.of("Runtime.ExitError",
                "RequestId: " + requestId + " Error: Runtime exited with error: signal: killed (Ferry fault injection: "
                        + what + ")"));
    }

    private synchronized ClassLoader loaderOrNull() {
        return loader;
    }

    private synchronized FunctionClassLoader classLoader() throws ReflectiveOperationException {
        if (loader == null) {
            List<URL> classPath = FunctionCode.classPath(spec.code(), scratch);
            loader = new FunctionClassLoader(spec.functionName(), classPath, LocalFunction.class.getClassLoader());
            serializers = new Serializers(spec.functionName(), loader);
        }
        return loader;
    }

    private synchronized Serializers serializers() {
        return serializers;
    }

    /** A new execution environment: the function's class loader (made once), its handler constructed. */
    private ExecutionEnvironment initEnvironment() throws InitFailure {
        // Init Duration: the code's class loader (the first time), the handler's class and serializers, its construction.
        // Cold starts are counted by the callers, which decide under the lock whether a warm-up's environment will do.
        long started = System.nanoTime();
        FunctionClassLoader cl;
        try {
            cl = classLoader();
        } catch (RuntimeException | ReflectiveOperationException e) {
            throw InitFailure.of(e);
        }
        Thread me = Thread.currentThread();
        ClassLoader previous = me.getContextClassLoader();
        me.setContextClassLoader(cl);
        try {
            LoadedHandler handler = HandlerResolver.resolve(spec.handler(), cl, serializers(), environment);
            String stream = DateTimeFormatter.ofPattern("yyyy/MM/dd").format(LocalDate.now(ZoneOffset.UTC))
                    + "/[$LATEST]" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            inits.incrementAndGet();
            synchronized (this) {
                if (firstInit == null) {
                    firstInit = took;
                }
                lastInit = took;
            }
            return new ExecutionEnvironment(handler, stream, took);
        } catch (InitFailure e) {
            discardLoaderIfUnused();
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // e.g. the event serializers need a class the function's code does not bundle
            discardLoaderIfUnused();
            throw InitFailure.of(e);
        } finally {
            me.setContextClassLoader(previous);
        }
    }

    /** A failed init leaves nothing behind: the next invocation loads the code afresh, as a new Lambda sandbox would. */
    private synchronized void discardLoaderIfUnused() {
        if (idle.isEmpty() && running.isEmpty() && loader != null) {
            serializers.close();
            try {
                loader.close();
            } catch (IOException ignored) {
                // nothing to release beyond open jar files
            }
            loader = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        running.forEach(Thread::interrupt);
        idle.clear();
        if (loader != null) {
            serializers.close();
            try {
                loader.close();
            } catch (IOException ignored) {
                // closing jar files; nothing else to do
            }
            loader = null;
        }
    }
}
