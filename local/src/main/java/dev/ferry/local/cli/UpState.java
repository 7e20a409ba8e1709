package dev.ferry.local.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a running {@code ferry up} tells the other commands ({@code demo}, {@code dlq}): its API URL and the
 * data plane's endpoints, region and credentials. Written to {@code .ferry/up.json} once the system is ready
 * and removed when it stops, so a file that is present names a live (or crashed) {@code up}; the pid tells which.
 *
 * @param apiUrl      the REST API's invoke URL; empty for {@code --data-plane-only} or an app without an API
 * @param environment {@code AWS_ENDPOINT_URL_*}, {@code AWS_REGION} and credentials, as {@code up} exports them
 * @param resources   physical names of what {@code up} provisioned, by kind ({@code tables}, {@code queues}, ...)
 * @param statsUrl    the runtime's statistics ({@link StatsServer}: functions' and mappings' counters and peaks), for
 *                    {@code ferry load}; empty for {@code --data-plane-only}
 * @param consoleUrl  the console's page ({@code docs/console.md}), for {@code ferry status}; empty for
 *                    {@code --data-plane-only}
 */
public record UpState(Optional<URI> apiUrl, Map<String, String> environment, Map<String, java.util.List<String>> resources,
                      long pid, Instant startedAt, Optional<URI> statsUrl, Optional<URI> openApiUrl, Optional<URI> externalEndpoint,
                      Optional<URI> consoleUrl) {

    public static final String FILE = "up.json";
    /** The key in {@link #resources()} naming the queues that take the stream mappings' failure records. */
    public static final String ON_FAILURE_QUEUES = "onFailureQueues";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public UpState {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment)); // the order of the exports
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }

    /** A state without a statistics endpoint (the data plane alone). */
    public UpState(Optional<URI> apiUrl, Map<String, String> environment, Map<String, java.util.List<String>> resources,
                   long pid, Instant startedAt) {
        this(apiUrl, environment, resources, pid, startedAt, Optional.empty());
    }

    /** A state without a console. */
    public UpState(Optional<URI> apiUrl, Map<String, String> environment, Map<String, java.util.List<String>> resources,
                   long pid, Instant startedAt, Optional<URI> statsUrl, Optional<URI> openApiUrl, Optional<URI> externalEndpoint) {
        this(apiUrl, environment, resources, pid, startedAt, statsUrl, openApiUrl, externalEndpoint, Optional.empty());
    }

    /** A state without the API's description, on the embedded data plane. */
    public UpState(Optional<URI> apiUrl, Map<String, String> environment, Map<String, java.util.List<String>> resources,
                   long pid, Instant startedAt, Optional<URI> statsUrl) {
        this(apiUrl, environment, resources, pid, startedAt, statsUrl, Optional.empty(), Optional.empty());
    }

    /** The key in {@link #resources()} naming the functions the {@code up} runs. */
    public static final String FUNCTIONS = "functions";

    /**
     * Whether the process that wrote this state still runs: its pid is alive and was not handed to a later process
     * (one started after this state was written) since the {@code up} died.
     */
    public boolean isRunning() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(started -> !started.isAfter(startedAt.plusSeconds(5))).orElse(true))
                .orElse(false);
    }

    /** The name of the instance a command means when it is given no {@code --name}. */
    public static final String DEFAULT_NAME = "default";

    /** The state file of the default instance of the checkout at {@code home}: {@code home/.ferry/default/up.json}. */
    public static Path file(Path home) {
        return file(home, DEFAULT_NAME);
    }

    /** The state file of the instance {@code name} of the checkout at {@code home}: {@code home/.ferry/<name>/up.json}. */
    public static Path file(Path home, String name) {
        return home.resolve(".ferry").resolve(name).resolve(FILE);
    }

    /** Writes atomically (a reader never sees half a file). */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Map<String, Object> json = new LinkedHashMap<>();
            apiUrl.ifPresent(url -> json.put("apiUrl", url.toString()));
            json.put("environment", new LinkedHashMap<>(environment));
            json.put("resources", resources);
            json.put("pid", pid);
            json.put("startedAt", startedAt.toString());
            statsUrl.ifPresent(url -> json.put("statsUrl", url.toString()));
            openApiUrl.ifPresent(url -> json.put("openApiUrl", url.toString()));
            externalEndpoint.ifPresent(url -> json.put("externalEndpoint", url.toString()));
            consoleUrl.ifPresent(url -> json.put("consoleUrl", url.toString()));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(json));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The state of a running {@code up}, or empty when there is no file or its process is gone. */
    public static Optional<UpState> readLive(Path file) {
        return read(file).filter(UpState::isRunning);
    }

    /** The file's content, or empty when there is none; a file that cannot be parsed is an error. */
    public static Optional<UpState> read(Path file) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            Map<String, Object> json = JSON.readValue(file.toFile(), new TypeReference<>() {});
            @SuppressWarnings("unchecked")
            Map<String, String> env = (Map<String, String>) json.getOrDefault("environment", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, java.util.List<String>> resources =
                    (Map<String, java.util.List<String>>) json.getOrDefault("resources", Map.of());
            return Optional.of(new UpState(Optional.ofNullable((String) json.get("apiUrl")).map(URI::create), env, resources,
                    ((Number) json.get("pid")).longValue(), Instant.parse((String) json.get("startedAt")),
                    Optional.ofNullable((String) json.get("statsUrl")).map(URI::create),
                    Optional.ofNullable((String) json.get("openApiUrl")).map(URI::create),
                    Optional.ofNullable((String) json.get("externalEndpoint")).map(URI::create),
                    Optional.ofNullable((String) json.get("consoleUrl")).map(URI::create)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the state file " + file + " is unreadable (" + firstLine(e.getMessage())
                    + "); delete it and start './ferry up' again", e);
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Removes the file if it is still this process's (a newer {@code up} may have replaced it). */
    public static void removeIfOwned(Path file, long pid) {
        try {
            if (read(file).map(s -> s.pid() == pid).orElse(false)) Files.deleteIfExists(file);
        } catch (IOException | IllegalStateException e) {
            // best effort on shutdown: a stale file is detected by its dead pid
        }
    }
}
