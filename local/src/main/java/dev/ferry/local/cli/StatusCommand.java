package dev.ferry.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ferry status [--name N]}: which {@code up}s of this checkout run, each with its pid, uptime, URLs and what it
 * runs (functions, queues, tables, ...). A state file whose process is gone (killed, crashed) is reported and removed.
 * Exits 0 when the named instance (or, without {@code --name}, any) runs, 1 otherwise.
 */
final class StatusCommand {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final List<String> KINDS = List.of(UpState.FUNCTIONS, "queues", "tables", "topics", "streams");

    private final PrintStream out;
    private final PrintStream err;
    private final Instance named;
    private final boolean nameGiven;
    private final Instant now;

    StatusCommand(PrintStream out, PrintStream err, Instance instance, boolean nameGiven, Instant now) {
        this.out = out;
        this.err = err;
        this.named = instance;
        this.nameGiven = nameGiven;
        this.now = now;
    }

    int run() {
        List<Instance> instances = nameGiven ? List.of(named) : Instance.all(named.home());
        int running = 0;
        for (Instance instance : instances) {
            Optional<UpState> state;
            try {
                state = UpState.read(instance.stateFile());
            } catch (IllegalStateException unreadable) {
                err.println("ferry: " + unreadable.getMessage());
                continue;
            }
            if (state.isEmpty()) continue;
            if (!state.get().isRunning()) {
                stale(instance, state.get());
                continue;
            }
            print(instance, state.get());
            running++;
        }
        if (running == 0) {
            err.println("ferry: " + (nameGiven ? named.notRunning() : "no './ferry up' is running in " + named.home())
                    + ": start one with " + (nameGiven ? named.command("up") : "'./ferry up'"));
            return 1;
        }
        return 0;
    }

    private void stale(Instance instance, UpState state) {
        err.println("ferry: " + instance.command("up") + " is not running: its state file names pid " + state.pid()
                + ", which has exited without removing it (killed or crashed?); removing " + instance.relative(instance.stateFile()));
        try {
            Files.deleteIfExists(instance.stateFile());
        } catch (IOException e) {
            err.println("ferry: could not remove it: " + e.getMessage());
        }
    }

    private void print(Instance instance, UpState state) {
        String indent = " ".repeat(Math.max(instance.name().length(), 8) + 2);
        out.printf("%-" + (indent.length() - 2) + "s  running, pid %d, up %s (since %s)%s%n", instance.name(), state.pid(),
                uptime(Duration.between(state.startedAt(), now)), CLOCK.format(state.startedAt().atZone(ZoneId.systemDefault())),
                state.apiUrl().isEmpty() && state.resources().isEmpty() ? ", data plane only" : "");
        state.apiUrl().ifPresent(url -> line(indent, "API", url.toString()));
        state.openApiUrl().ifPresent(url -> line(indent, "OpenAPI", url.toString()));
        state.statsUrl().ifPresent(url -> line(indent, "stats", url.toString()));
        state.consoleUrl().ifPresent(url -> line(indent, "console", url.toString()));
        Map<String, String> env = state.environment();
        Optional.ofNullable(env.get("AWS_ENDPOINT_URL_LAMBDA")).ifPresent(url -> line(indent, "Lambda", url));
        if (state.externalEndpoint().isPresent()) {
            line(indent, "endpoint", state.externalEndpoint().get() + " (external; functions in-process)");
        } else {
            List<String> services = new ArrayList<>();
            for (String service : List.of("DYNAMODB", "SQS", "SNS", "KINESIS")) {
                Optional.ofNullable(env.get("AWS_ENDPOINT_URL_" + service)).map(URI::create)
                        .ifPresent(url -> services.add(service.toLowerCase(java.util.Locale.ROOT) + " :" + url.getPort()));
            }
            if (!services.isEmpty()) line(indent, "services", String.join(", ", services) + " (on 127.0.0.1)");
        }
        List<String> counts = new ArrayList<>();
        for (String kind : KINDS) {
            int n = state.resources().getOrDefault(kind, List.of()).size();
            if (n > 0) counts.add(n + " " + (n == 1 ? kind.substring(0, kind.length() - 1) : kind));
        }
        if (!counts.isEmpty()) line(indent, "runs", String.join(", ", counts));
        if (Files.isDirectory(instance.logs())) {
            line(indent, "logs", instance.relative(instance.logs()) + "/  (" + instance.command("logs [function]") + ")");
        }
    }

    private void line(String indent, String label, String value) {
        out.printf("%s%-9s %s%n", indent, label, value);
    }

    static String uptime(Duration up) {
        long seconds = Math.max(0, up.toSeconds());
        if (seconds < 60) return seconds + " s";
        if (seconds < 3600) return seconds / 60 + " min " + seconds % 60 + " s";
        if (seconds < 86_400) return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
}
