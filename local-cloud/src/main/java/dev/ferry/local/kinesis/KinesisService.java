package dev.ferry.local.kinesis;

import dev.ferry.local.LocalService;
import dev.ferry.local.front.ValidatingFront;
import dev.ferry.local.kinesis.emulator.KinesisEmulator;
import dev.ferry.local.kinesis.emulator.KinesisHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kinesis for the local cloud, by {@link KinesisSettings#engine()}:
 * <ul>
 *   <li>{@link KinesisSettings.Engine#EMULATOR} (the default): Ferry's in-process emulator
 *       ({@link KinesisEmulator}) served on loopback by a {@link KinesisHttpServer}, which applies the validating rules
 *       ({@link KinesisRules}) to every request in process. No Node.js, no second process.</li>
 *   <li>{@link KinesisSettings.Engine#KINESIS_MOCK}: kinesis-mock (npm {@code kinesis-local}) as a child process of
 *       this JVM, listening on loopback only, plain HTTP, behind a {@link ValidatingFront} that applies the same rules.
 *       Clients are given the front's endpoint.</li>
 * </ul>
 * The AWS SDK v2 {@code KinesisClient} talks to either with its default CBOR protocol, or JSON 1.1.
 *
 * <p>What follows is about kinesis-mock.
 *
 * <p>The process never outlives the JVM: {@link #close()} and a shutdown hook kill it (SIGKILL: it
 * ignores SIGTERM for about 30 s), and if the JVM itself is killed, the process notices its stdin pipe
 * closing and kills itself (see {@code guard.js}).
 */
public final class KinesisService implements LocalService {

    public static final String NAME = "kinesis";
    public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL_KINESIS";

    private static final String LOOPBACK = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
    private static final String GUARD = loadGuard();
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Every kinesis-mock setting Ferry decides; inherited values would make runs differ by machine. */
    private static final List<String> CONTROLLED_ENV = List.of(
            "KINESIS_MOCK_PLAIN_PORT", "KINESIS_MOCK_TLS_PORT", "KINESIS_MOCK_CERT_PATH", "INITIALIZE_STREAMS",
            "CREATE_STREAM_DURATION", "DELETE_STREAM_DURATION", "REGISTER_STREAM_CONSUMER_DURATION",
            "DEREGISTER_STREAM_CONSUMER_DURATION", "START_STREAM_ENCRYPTION_DURATION",
            "STOP_STREAM_ENCRYPTION_DURATION", "MERGE_SHARDS_DURATION", "SPLIT_SHARD_DURATION",
            "UPDATE_SHARD_COUNT_DURATION", "UPDATE_STREAM_MODE_DURATION", "AWS_ACCOUNT_ID", "AWS_REGION",
            "LOG_LEVEL", "ROOT_LOG_LEVEL", "SHOULD_PERSIST_DATA", "LOAD_DATA_IF_EXISTS", "PERSIST_PATH",
            "FERRY_LISTEN_HOST", "FERRY_CODE_CACHE_DIR", "NODE_OPTIONS");

    // kinesis-mock: its process, and the front before it. Null with the in-process emulator.
    private final Process process;
    private final OutputStream lifeline;
    private final OutputTail output;
    /** kinesis-mock's own endpoint, behind the front. */
    private final URI emulator;
    private final ValidatingFront front;
    private final Thread shutdownHook;
    // The in-process emulator's server. Null with kinesis-mock.
    private final KinesisHttpServer server;
    private final KinesisSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KinesisService(Process process, OutputTail output, URI emulator, ValidatingFront front, KinesisSettings settings) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.output = output;
        this.emulator = emulator;
        this.front = front;
        this.settings = settings;
        this.shutdownHook = new Thread(() -> kill(process), "ferry-kinesis-mock-shutdown-" + process.pid());
        this.server = null;
    }

    private KinesisService(KinesisHttpServer server, KinesisSettings settings) {
        this.process = null;
        this.lifeline = null;
        this.output = null;
        this.emulator = null;
        this.front = null;
        this.shutdownHook = null;
        this.server = server;
        this.settings = settings;
    }

    /**
     * Counts PUT payload units and shard-hours in {@code ledger} from now on. Only Ferry's own emulator counts: with
     * kinesis-mock this says so on {@code log} and counts nothing.
     */
    public void meterInto(dev.ferry.local.cost.RequestLedger ledger, java.io.PrintStream log) {
        if (server != null) server.emulator().meterInto(ledger);
        else log.println("[cost] kinesis-mock serves Kinesis: its PUT payload units and shard-hours are not counted");
    }

    /** Starts Kinesis on a free loopback port with {@link KinesisSettings#defaults()}. */
    public static KinesisService start() {
        return start(KinesisSettings.defaults());
    }

    /**
     * Starts the settings' engine: the in-process emulator (ready at once), or kinesis-mock, which is ready once it has
     * answered a ListStreams call.
     *
     * @throws KinesisMockException when the port is taken, or for kinesis-mock when the package or Node.js is missing,
     *                              the process dies, or it does not answer within the start timeout; the message
     *                              carries its output
     */
    public static KinesisService start(KinesisSettings settings) {
        return start(settings, null);
    }

    /**
     * As {@link #start(KinesisSettings)}, reporting every PutRecord and PutRecords the engine accepts to
     * {@code activity} (null: nobody listens), so that the local runtime's readers of the stream wake at once.
     */
    public static KinesisService start(KinesisSettings settings, dev.ferry.local.StreamActivity activity) {
        return switch (settings.engine()) {
            case EMULATOR -> startEmulator(settings, activity);
            case KINESIS_MOCK -> startKinesisMock(settings, activity);
        };
    }

    private static KinesisService startEmulator(KinesisSettings settings, dev.ferry.local.StreamActivity activity) {
        KinesisEmulator emulator = new KinesisEmulator(settings.region(), settings.accountId(),
                settings.streamTransitionTime(), Clock.systemUTC());
        try {
            return new KinesisService(KinesisHttpServer.start(emulator, new KinesisRules(activity), settings.port()), settings);
        } catch (IOException taken) {
            throw new KinesisMockException("Kinesis could not listen on " + LOOPBACK + ":" + settings.port()
                    + " (address in use?): choose another port or 0 for any free one. " + taken.getMessage(), taken);
        }
    }

    private static KinesisService startKinesisMock(KinesisSettings settings, dev.ferry.local.StreamActivity activity) {
        Path packageDir = settings.packageDir().orElseGet(KinesisMockPackage::locate);
        if (!KinesisMockPackage.isInstalled(packageDir)) {
            throw new KinesisMockException("kinesis-mock is not installed: " + packageDir.resolve(KinesisMockPackage.ENTRY)
                    + " does not exist. Run `npm ci` in the Ferry repository root.");
        }
        ValidatingFront front;
        try {
            front = ValidatingFront.listen(NAME, settings.port());
        } catch (IllegalStateException taken) {
            throw new KinesisMockException("Kinesis could not listen on " + LOOPBACK + ":" + settings.port()
                    + " (address in use?): choose another port or 0 for any free one. " + taken.getMessage(), taken);
        }
        for (int attempt = 1; ; attempt++) {
            Ports ports = Ports.choose();
            try {
                KinesisService service = startOnce(settings, packageDir, ports, front);
                front.serve(service.emulator, new KinesisRules(activity));
                return service;
            } catch (PortTaken e) {
                // Another process took a port between our probe and node's bind: choose again.
                if (attempt == START_ATTEMPTS) {
                    front.close();
                    throw new KinesisMockException("kinesis-mock could not bind " + LOOPBACK + ":" + ports.plain() + " or "
                            + ports.tls() + " (address in use) after " + attempt + " attempts. Its output:"
                            + System.lineSeparator() + e.output);
                }
            } catch (RuntimeException e) {
                front.close();
                throw e;
            }
        }
    }

    private static KinesisService startOnce(KinesisSettings settings, Path packageDir, Ports ports, ValidatingFront front)
            throws PortTaken {
        var builder = new ProcessBuilder(settings.node(), "-e", GUARD)
                .directory(packageDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        CONTROLLED_ENV.forEach(env::remove);
        String transition = settings.streamTransitionTime().toMillis() + "ms";
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(ports.plain()));
        env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(ports.tls()));
        for (String duration : List.of("CREATE_STREAM_DURATION", "DELETE_STREAM_DURATION",
                "REGISTER_STREAM_CONSUMER_DURATION", "DEREGISTER_STREAM_CONSUMER_DURATION",
                "START_STREAM_ENCRYPTION_DURATION", "STOP_STREAM_ENCRYPTION_DURATION", "MERGE_SHARDS_DURATION",
                "SPLIT_SHARD_DURATION", "UPDATE_SHARD_COUNT_DURATION", "UPDATE_STREAM_MODE_DURATION")) {
            env.put(duration, transition);
        }
        env.put("AWS_REGION", settings.region());
        env.put("AWS_ACCOUNT_ID", settings.accountId());
        env.put("LOG_LEVEL", "WARN");
        env.put("ROOT_LOG_LEVEL", "ERROR");
        env.put("SHOULD_PERSIST_DATA", "false");
        env.put("LOAD_DATA_IF_EXISTS", "false");
        env.put("FERRY_LISTEN_HOST", LOOPBACK);
        codeCacheDir(packageDir).ifPresent(dir -> env.put("FERRY_CODE_CACHE_DIR", dir.toString()));

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KinesisMockException("Could not run Node.js ('" + settings.node() + "') to start kinesis-mock: "
                    + e.getMessage() + ". Install Node.js 20 or newer, or point -Dferry.node / FERRY_NODE at it.", e);
        }
        OutputTail output = OutputTail.drain(process.getInputStream(), "ferry-kinesis-mock-output-" + process.pid());
        URI emulator = URI.create("http://" + LOOPBACK + ":" + ports.plain());
        var service = new KinesisService(process, output, emulator, front, settings);
        Runtime.getRuntime().addShutdownHook(service.shutdownHook);
        try {
            service.awaitAnswer();
            return service;
        } catch (RuntimeException | PortTaken e) {
            service.stopProcess();
            throw e;
        }
    }

    private void awaitAnswer() throws PortTaken {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        // HTTP/1.1: with the default (HTTP/2) the client asks for an h2c upgrade on plain http, and
        // kinesis-mock closes the connection instead, which cost about 2 s of failed probes per start.
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            while (true) {
                if (!process.isAlive()) {
                    awaitOutputEnd();
                    if (output.contains("EADDRINUSE")) {
                        throw new PortTaken(output.text());
                    }
                    throw new KinesisMockException("kinesis-mock exited with status " + process.exitValue()
                            + " before answering on " + emulator + ". Its output:" + System.lineSeparator() + output.text());
                }
                if (answersListStreams(http)) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new KinesisMockException("kinesis-mock (pid " + process.pid() + ") did not answer on " + emulator
                            + " within " + settings.startTimeout().toMillis() + " ms; it was stopped. Its output:"
                            + System.lineSeparator() + output.text());
                }
                try {
                    Thread.sleep(PROBE_INTERVAL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KinesisMockException("Interrupted while waiting for kinesis-mock to start", e);
                }
            }
        }
    }

    /** A real Kinesis call, not just an open port: the HTTP routes must be up. */
    private boolean answersListStreams(HttpClient http) {
        // kinesis-mock rejects unsigned requests but does not check signatures.
        String credential = settings.accountId() + "/" + AMZ_DATE.format(Instant.now()).substring(0, 8) + "/"
                + settings.region() + "/kinesis/aws4_request";
        HttpRequest request = HttpRequest.newBuilder(emulator)
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                .header("X-Amz-Date", AMZ_DATE.format(Instant.now()))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + credential
                        + ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("StreamNames");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KinesisMockException("Interrupted while waiting for kinesis-mock to start", e);
        }
    }

    private void awaitOutputEnd() {
        // The reader thread may still be copying the last lines of a process that just died.
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Two free ports, plain and TLS: kinesis-mock always opens both. */
    private record Ports(int plain, int tls) {

        static Ports choose() {
            try (var first = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK));
                 var second = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK))) {
                return new Ports(first.getLocalPort(), second.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not find a free loopback port for kinesis-mock", e);
            }
        }
    }

    /**
     * Where guard.js keeps V8's code cache of main.js, which makes later starts about twice as fast:
     * {@code node_modules/.cache/ferry}, beside the package npm installed (and removed with it).
     */
    private static Optional<Path> codeCacheDir(Path packageDir) {
        Path nodeModules = packageDir.toAbsolutePath().getParent();
        if (nodeModules == null || nodeModules.getFileName() == null
                || !nodeModules.getFileName().toString().equals("node_modules")) {
            return Optional.empty();
        }
        return Optional.of(nodeModules.resolve(".cache").resolve("ferry"));
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String loadGuard() {
        try (InputStream in = KinesisService.class.getResourceAsStream("guard.js")) {
            if (in == null) {
                throw new IllegalStateException("guard.js is missing from the classpath next to " + KinesisService.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read guard.js", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of(ENDPOINT_ENV, endpoint().toString());
    }

    /** The engine serving this instance. */
    public KinesisSettings.Engine engine() {
        return settings.engine();
    }

    /**
     * {@code http://127.0.0.1:PORT}, for {@code endpointOverride}: the emulator's server, or the front before
     * kinesis-mock.
     */
    public URI endpoint() {
        return server != null ? server.endpoint() : front.endpoint();
    }

    public int port() {
        return server != null ? server.port() : front.port();
    }

    /**
     * kinesis-mock's own endpoint, behind the front: calls made here skip the limits the front applies. For measuring
     * what the front costs (see docs/local-cloud.md), not for clients. The in-process emulator has no front (it applies
     * the rules itself), so this is its {@link #endpoint()}.
     */
    public URI emulatorEndpoint() {
        return server != null ? server.endpoint() : emulator;
    }

    public String region() {
        return settings.region();
    }

    public String accountId() {
        return settings.accountId();
    }

    /** The ARN a stream of this name has. */
    public String streamArn(String streamName) {
        return "arn:aws:kinesis:" + settings.region() + ":" + settings.accountId() + ":stream/" + streamName;
    }

    /**
     * kinesis-mock's node process, for diagnostics and for tests that check nothing survives.
     *
     * @throws IllegalStateException with the in-process emulator, which has no process of its own
     */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("Ferry's Kinesis emulator runs in this JVM and has no process of its own");
        }
        return process.pid();
    }

    /** The last lines kinesis-mock wrote (warnings and errors only); empty with the in-process emulator. */
    public String recentOutput() {
        return output == null ? "" : output.text();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (server != null) {
            server.close();
            return;
        }
        front.close();
        stopProcess();
    }

    /** Kills kinesis-mock and waits for it; the front is left to its owner. */
    private void stopProcess() {
        try {
            lifeline.close();
        } catch (IOException alreadyGone) {
            // The process is killed below either way.
        }
        kill(process);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new KinesisMockException("kinesis-mock (pid " + process.pid() + ") did not end within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from another shutdown hook: ours runs anyway and finds the process gone.
        }
    }

    @Override
    public String toString() {
        return server != null
                ? "KinesisService[" + server.endpoint() + ", in-process emulator]"
                : "KinesisService[" + front.endpoint() + " -> " + emulator + ", kinesis-mock pid " + process.pid() + "]";
    }

    /** node reported EADDRINUSE: a port we probed as free was taken before it could bind. */
    private static final class PortTaken extends Exception {
        final String output;

        PortTaken(String output) {
            super("address in use", null, false, false);
            this.output = output;
        }
    }
}
