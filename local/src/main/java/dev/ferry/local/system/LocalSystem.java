package dev.ferry.local.system;

import dev.ferry.local.LocalCloud;
import dev.ferry.local.apigateway.ApiFronts;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.eventsource.MappingPollers;
import dev.ferry.local.eventsource.MappingStats;
import dev.ferry.local.faults.FaultControls;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.InvocationListener;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.cloudformation.CloudAssembly;
import dev.ferry.local.provision.ExistingResources;
import dev.ferry.local.provision.ProvisionResult;
import dev.ferry.local.provision.Provisioner;
import dev.ferry.local.schedule.RuleFiring;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The whole system as {@code cdk deploy} would make it, running locally: a data plane (the embedded
 * {@link LocalCloud}, or an external AWS-compatible endpoint such as LocalStack), the resources of a
 * synthesized CDK app provisioned on it, and every function of the app running in-process behind its
 * event sources and API. {@code ./ferry up} and the end-to-end tests both start the system through here.
 */
public final class LocalSystem implements AutoCloseable {

    /**
     * @param cloudAssembly    the CDK app's output directory ({@code cdk.out})
     * @param externalEndpoint provision on and talk to this endpoint (e.g. LocalStack's) instead of the
     *                         embedded data plane; the functions still run in-process
     * @param basePort         first fixed port of the embedded data plane (DynamoDB, then SQS, SNS, Kinesis), with
     *                         the Lambda API after them at {@code basePort + 4} and the REST API at {@code basePort + 7}
     *                         ({@link #API_PORT_OFFSET}); 0 for free ports
     */
    public record Options(Path cloudAssembly, Optional<URI> externalEndpoint, int basePort, FaultPlan faults,
                          RuntimeSettings runtimeSettings, StartupListener startupListener,
                          InvocationListener invocationListener, boolean reuseExistingResources, boolean warmUpInBackground) {

        public Options(Path cloudAssembly, Optional<URI> externalEndpoint, int basePort, FaultPlan faults,
                       RuntimeSettings runtimeSettings, StartupListener startupListener,
                       InvocationListener invocationListener, boolean reuseExistingResources) {
            this(cloudAssembly, externalEndpoint, basePort, faults, runtimeSettings, startupListener, invocationListener,
                    reuseExistingResources, false);
        }

        public static Options of(Path cloudAssembly) {
            return new Options(cloudAssembly, Optional.empty(), 0, FaultPlan.none(), RuntimeSettings.defaults(), StartupListener.NONE,
                    InvocationListener.NONE, true, false);
        }

        public Options withExternalEndpoint(URI endpoint) {
            return new Options(cloudAssembly, Optional.of(endpoint), basePort, faults, runtimeSettings, startupListener, invocationListener, reuseExistingResources, warmUpInBackground);
        }

        public Options withBasePort(int port) {
            return new Options(cloudAssembly, externalEndpoint, port, faults, runtimeSettings, startupListener, invocationListener, reuseExistingResources, warmUpInBackground);
        }

        public Options withFaults(FaultPlan plan) {
            return new Options(cloudAssembly, externalEndpoint, basePort, plan, runtimeSettings, startupListener, invocationListener, reuseExistingResources, warmUpInBackground);
        }

        public Options withRuntimeSettings(RuntimeSettings settings) {
            return new Options(cloudAssembly, externalEndpoint, basePort, faults, settings, startupListener, invocationListener, reuseExistingResources, warmUpInBackground);
        }

        /** Told about each phase of {@link #start} as it ends (e.g. to print the progress of a start that takes seconds). */
        public Options withStartupListener(StartupListener listener) {
            return new Options(cloudAssembly, externalEndpoint, basePort, faults, runtimeSettings, listener, invocationListener, reuseExistingResources, warmUpInBackground);
        }

        /** Told about every invocation of the app's functions once it has ended (e.g. for a line per request or event). */
        public Options withInvocationListener(InvocationListener listener) {
            return new Options(cloudAssembly, externalEndpoint, basePort, faults, runtimeSettings, startupListener, listener, reuseExistingResources, warmUpInBackground);
        }

        /**
         * On an external endpoint, fail with {@link EndpointNotEmptyException} before creating anything when a table,
         * queue, topic or stream of the app's names is there already, instead of reusing it (the default, which makes
         * provisioning again onto a kept endpoint idempotent).
         */
        public Options refusingExistingResources() {
            return new Options(cloudAssembly, externalEndpoint, basePort, faults, runtimeSettings, startupListener, invocationListener, false, warmUpInBackground);
        }

        /**
         * Return from {@link #start} once the runtime serves (mappings polling, APIs listening), leaving the functions'
         * warm-up to {@link #warmUp()}, which runs it in the background: call it once the system is announced, so that
         * it does not compete for the CPUs with the last steps of the start. A function invoked before its warm-up is
         * initialised by that invocation (or the invocation waits for the warm-up under way), as on Lambda; init
         * errors are reported by {@link #warmUp()} rather than failing the start.
         */
        public Options warmingUpInBackground() {
            return new Options(cloudAssembly, externalEndpoint, basePort, faults, runtimeSettings, startupListener, invocationListener, reuseExistingResources, true);
        }
    }

    /** Hears about each phase of {@link #start} as it ends: what was done, and how long it took. */
    @FunctionalInterface
    public interface StartupListener {
        StartupListener NONE = (done, took) -> {};

        /** @param done what the phase did, e.g. {@code "provisioned 27 resources"} */
        void phaseDone(String done, Duration took);
    }

    /**
     * Where {@link #startupTime()} went: data plane, provisioning, runtime start (mappings, API), function warm-up
     * (zero when it runs in the background: {@link #warmUp()}).
     */
    public record StartupPhases(Duration dataPlane, Duration provisioning, Duration runtime, Duration warmUp,
                                boolean warmUpInBackground) {
        public StartupPhases(Duration dataPlane, Duration provisioning, Duration runtime, Duration warmUp) {
            this(dataPlane, provisioning, runtime, warmUp, false);
        }

        @Override
        public String toString() {
            return String.format("data plane %d ms, provisioning %d ms, runtime %d ms", dataPlane.toMillis(),
                    provisioning.toMillis(), runtime.toMillis())
                    + (warmUpInBackground ? "; warm-up in the background" : String.format(", warm-up %d ms", warmUp.toMillis()));
        }
    }

    /** The functions' warm-up: how long it took, and the init error of each function that failed, by name. */
    public record WarmUp(Duration took, Map<String, String> initErrors) {}

    private final Optional<LocalCloud> cloud;
    private final Map<String, String> environment;
    private final ProvisionResult provisioned;
    private final LambdaRuntime runtime;
    private final ApiFronts apis;
    private final MappingPollers mappings;
    private final Duration startupTime;
    private final StartupPhases startupPhases;
    /** The warm-up, done or under way; null until {@link #warmUp()} begins one the start left for later. */
    private CompletableFuture<WarmUp> warmUp;

    private LocalSystem(Optional<LocalCloud> cloud, Map<String, String> environment, ProvisionResult provisioned,
                        Running running, Duration startupTime, StartupPhases startupPhases,
                        CompletableFuture<WarmUp> warmUp) {
        this.cloud = cloud;
        this.environment = environment;
        this.provisioned = provisioned;
        this.runtime = running.runtime();
        this.apis = running.apis();
        this.mappings = running.mappings();
        this.startupTime = startupTime;
        this.startupPhases = startupPhases;
        this.warmUp = warmUp;
    }

    /**
     * Starts the data plane, provisions the app, starts and warms every function; fails on any init error. With
     * {@link Options#warmingUpInBackground()} it returns before the warm-up, which {@link #warmUp()} then runs.
     */
    public static LocalSystem start(Options options) {
        Path manifest = options.cloudAssembly().resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("no cloud assembly at " + options.cloudAssembly().toAbsolutePath()
                    + " (manifest.json missing): synthesize the CDK app first, e.g. ./ferry up builds it");
        }
        if (options.externalEndpoint().isPresent() && !options.faults().dynamodb().isEmpty()) {
            throw new IllegalArgumentException("the DynamoDB faults " + options.faults().dynamodb().entries()
                    + " need Ferry's embedded DynamoDB; drop them or the external endpoint " + options.externalEndpoint().get());
        }
        if (options.externalEndpoint().isPresent()) {
            URI endpoint = options.externalEndpoint().get();
            EndpointProbe.requireListening(endpoint);
            if (!options.reuseExistingResources()) {
                List<ExistingResources.Found> found = ExistingResources.find(CloudAssembly.read(options.cloudAssembly()),
                        externalEnvironment(endpoint));
                if (!found.isEmpty()) throw new EndpointNotEmptyException(endpoint, found);
            }
        }
        long begin = System.nanoTime();
        Optional<LocalCloud> cloud = options.externalEndpoint().isPresent()
                ? Optional.empty()
                : Optional.of(LocalCloud.start(options.basePort(), options.faults().dynamodb()));
        long dataPlaneUp = System.nanoTime();
        StartupListener listener = options.startupListener();
        listener.phaseDone(cloud.isPresent() ? "data plane up (DynamoDB + Streams, SQS, SNS, Kinesis)"
                : "data plane: " + options.externalEndpoint().orElseThrow(), Duration.ofNanos(dataPlaneUp - begin));
        LambdaRuntime runtime = null;
        ApiFronts apis = null;
        MappingPollers mappings = null;
        try {
            Map<String, String> environment = cloud.map(LocalCloud::environment)
                    .orElseGet(() -> externalEnvironment(options.externalEndpoint().orElseThrow()));
            ProvisionResult provisioned = Provisioner.provision(options.cloudAssembly(), environment);
            long provisionedAt = System.nanoTime();
            listener.phaseDone("provisioned " + provisioned.summary().resources().size() + " resources from the templates",
                    Duration.ofNanos(provisionedAt - dataPlaneUp));
            var builder = LambdaRuntime.builder(provisioned.deployment())
                    .endpoints(environment)
                    .faults(options.faults())
                    .settings(options.runtimeSettings())
                    .invocationListener(options.invocationListener())
                    .lambdaApiPort(options.basePort() == 0 ? 0 : options.basePort() + LAMBDA_API_PORT_OFFSET);
            cloud.ifPresent(c -> builder.sns(c.sns()).ledger(c.ledger()));
            runtime = builder.start();
            // What invokes the functions from outside the runtime, composed around it: the API fronts, then the pollers.
            apis = ApiFronts.start(provisioned.deployment().apis(), runtime,
                    options.basePort() == 0 ? 0 : options.basePort() + API_PORT_OFFSET, runtime.ledger());
            mappings = MappingPollers.start(runtime, cloud.map(LocalCloud::streamActivity));
            long runtimeUp = System.nanoTime();
            Deployment deployment = provisioned.deployment();
            listener.phaseDone("runtime started: " + deployment.functions().size() + " functions, "
                    + deployment.eventSourceMappings().size() + " event source mappings, " + deployment.apis().size() + " API(s)",
                    Duration.ofNanos(runtimeUp - provisionedAt));
            CompletableFuture<WarmUp> warmedUp;
            long warm;
            if (options.warmUpInBackground()) {
                warmedUp = null; // begun by warmUp()
                warm = runtimeUp;
            } else {
                Map<String, String> initErrors = runtime.warmUp();
                warm = System.nanoTime();
                if (!initErrors.isEmpty()) {
                    throw new IllegalStateException("functions failed to initialise: " + initErrors.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
                }
                listener.phaseDone(deployment.functions().size() + " functions loaded and initialised (warm)", Duration.ofNanos(warm - runtimeUp));
                warmedUp = CompletableFuture.completedFuture(new WarmUp(Duration.ofNanos(warm - runtimeUp), Map.of()));
            }
            StartupPhases phases = new StartupPhases(Duration.ofNanos(dataPlaneUp - begin), Duration.ofNanos(provisionedAt - dataPlaneUp),
                    Duration.ofNanos(runtimeUp - provisionedAt), Duration.ofNanos(warm - runtimeUp), options.warmUpInBackground());
            return new LocalSystem(cloud, withLambdaEndpoint(environment, runtime.lambdaEndpoint()), provisioned,
                    new Running(runtime, apis, mappings), Duration.ofNanos(warm - begin), phases, warmedUp);
        } catch (RuntimeException e) {
            if (mappings != null) mappings.close();
            if (apis != null) apis.close();
            if (runtime != null) runtime.close();
            cloud.ifPresent(LocalCloud::close);
            throw e;
        }
    }

    /** The runtime and what invokes its functions from outside it. */
    private record Running(LambdaRuntime runtime, ApiFronts apis, MappingPollers mappings) {}

    /** The Lambda API follows the data plane's four ports when they are pinned. */
    private static final int LAMBDA_API_PORT_OFFSET = 4;
    /**
     * The REST API's port when the ports are pinned: after the Lambda API (N+4) and the two servers {@code ferry up}
     * adds (the API's description at N+5, the runtime's statistics at N+6).
     */
    public static final int API_PORT_OFFSET = 7;

    /** The data plane's variables with {@code AWS_ENDPOINT_URL_LAMBDA} after the other endpoints, before the region. */
    private static Map<String, String> withLambdaEndpoint(Map<String, String> environment, URI lambda) {
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (!name.startsWith("AWS_ENDPOINT_URL") && !env.containsKey(LambdaRuntime.LAMBDA_ENDPOINT_VARIABLE)) {
                env.put(LambdaRuntime.LAMBDA_ENDPOINT_VARIABLE, lambda.toString());
            }
            env.put(name, value);
        });
        env.putIfAbsent(LambdaRuntime.LAMBDA_ENDPOINT_VARIABLE, lambda.toString());
        return java.util.Collections.unmodifiableMap(env);
    }

    /** Region and credentials as the SDKs read them, with every service behind one endpoint. */
    private static Map<String, String> externalEnvironment(URI endpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_REGION", LocalCloud.REGION);
        env.put("AWS_DEFAULT_REGION", LocalCloud.REGION);
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        return env;
    }

    /** The invoke URL of the app's REST API: {@code http://127.0.0.1:PORT/<stage>}. */
    public URI apiUrl() {
        var apis = deployment().apis();
        if (apis.isEmpty()) throw new IllegalStateException("the app deploys no REST API");
        if (apis.size() > 1) {
            throw new IllegalStateException("the app deploys " + apis.size() + " REST APIs; pick one with apiUrl(ApiSpec)");
        }
        return this.apis.url(apis.getFirst());
    }

    public URI apiUrl(ApiSpec api) {
        return apis.url(api);
    }

    /** The event source mappings' counters: batches, records filtered out, failures, sent to a destination, peaks. */
    public List<MappingStats> mappingStats() {
        return mappings.stats();
    }

    /** The mappings' counters with their peaks (batches at once, oldest record) taken from {@code since} until now. */
    public List<MappingStats> mappingStats(java.time.Instant since) {
        return mappings.stats(since);
    }

    /** The event source mappings' pollers, which invoke the runtime's functions with their batches. */
    public MappingPollers mappings() {
        return mappings;
    }

    /** One line per function, SNS subscription, scheduled rule, event source mapping and API, and the fault plan. */
    public String summary() {
        return runtime.summary() + mappings.summary() + apis.summary();
    }

    /**
     * Fires a scheduled EventBridge rule of the app now, by name or ARN, instead of waiting for its schedule
     * (see {@link LambdaRuntime#fireRule(String)}); {@link RuntimeSettings#withScheduleTiming} changes when rules
     * fire on their own.
     */
    public RuleFiring fireRule(String ruleNameOrArn) {
        return runtime.fireRule(ruleNameOrArn);
    }

    /**
     * Endpoints, region and credentials for AWS clients talking to this system: the data plane's services and
     * the Lambda API of the in-process functions ({@code AWS_ENDPOINT_URL_LAMBDA}).
     */
    public Map<String, String> environment() {
        return environment;
    }

    /** {@code http://127.0.0.1:PORT}: the AWS Lambda API (Invoke, ListEventSourceMappings) of the app's functions. */
    public URI lambdaEndpoint() {
        return runtime.lambdaEndpoint();
    }

    public Deployment deployment() {
        return provisioned.deployment();
    }

    public ProvisionResult provisioned() {
        return provisioned;
    }

    public LambdaRuntime runtime() {
        return runtime;
    }

    /**
     * The fault injector at run time: what was injected, and service outages as the functions see them,
     * started and ended while the system runs (the plan must route the services: {@code outage-switch:sns|kinesis}).
     */
    public FaultControls faults() {
        return new FaultControls(runtime.faultPlan(), runtime::faultCounters, runtime.outages());
    }

    /**
     * Every billable request the system made, by service and kind (docs/cost.md): the data plane's and the runtime's,
     * or against an external endpoint only the runtime's (Lambda, API Gateway, schedules).
     */
    public RequestLedger ledger() {
        return runtime.ledger();
    }

    /** The embedded data plane, or empty when running against an external endpoint. */
    public Optional<LocalCloud> cloud() {
        return cloud;
    }

    /**
     * Wall time from {@link #start} to every function being warm, or with {@link Options#warmingUpInBackground()} to
     * the runtime serving.
     */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The functions' warm-up: done already unless the start left it for later ({@link Options#warmingUpInBackground()}),
     * then begun in the background by the first call (later calls return the same). Completes when every function has
     * been warmed, with the init errors of those that failed; each of their invocations initialises them again, as on
     * Lambda.
     */
    public synchronized CompletableFuture<WarmUp> warmUp() {
        if (warmUp == null) {
            long begin = System.nanoTime();
            warmUp = runtime.warmUpInBackground(Runtime.getRuntime().availableProcessors())
                    .thenApply(errors -> new WarmUp(Duration.ofNanos(System.nanoTime() - begin), errors));
        }
        return warmUp;
    }

    public StartupPhases startupPhases() {
        return startupPhases;
    }

    /**
     * Stops the pollers and the API fronts first (nothing invokes a closed function), then the runtime, then the data
     * plane (no poller outlives its queue). Safe to call twice.
     */
    @Override
    public void close() {
        try {
            mappings.close();
            apis.close();
            runtime.close();
        } finally {
            cloud.ifPresent(LocalCloud::close);
        }
    }
}
