package dev.ferry.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last lines of a function's log file ({@code .ferry/<name>/logs/<function>.log}), JSON log lines rendered
 * readably: {@code 11:40:53.601 INFO  payment taken  orderId=o-1 correlationid=demo-...}. An EMF metrics line becomes
 * its metric values; any other line is shown as it is.
 */
final class LogTail {
    private static final int TAIL_BYTES = 64 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final List<String> SHOWN_APART = List.of("timestamp", "time", "level", "message", "msg", "function", "logger");

    private final Optional<Path> dir;
    private final ZoneId zone;

    LogTail(Optional<Path> dir, ZoneId zone) {
        this.dir = dir;
        this.zone = zone;
    }

    boolean available() {
        return dir.isPresent();
    }

    List<String> last(String function, int lines) {
        if (dir.isEmpty() || function.contains("/") || function.contains("..")) return List.of();
        Path file = dir.get().resolve(function + ".log");
        if (!Files.isRegularFile(file)) return List.of();
        String text;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
            if (from > 0) text = text.substring(text.indexOf('\n') + 1);
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
        List<String> all = text.lines().filter(l -> !l.isBlank()).toList();
        return all.subList(Math.max(0, all.size() - lines), all.size()).stream().map(this::readable).toList();
    }

    String readable(String line) {
        if (!line.startsWith("{")) return line;
        Optional<JsonNode> parsed = Delivery.json(line.getBytes(StandardCharsets.UTF_8));
        if (parsed.isEmpty() || !parsed.get().isObject()) return line;
        JsonNode n = parsed.get();
        if (n.has("_aws")) {
            List<String> metrics = new ArrayList<>();
            n.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics")
                    .forEach(m -> metrics.add(m.path("Name").asText() + "=" + n.path(m.path("Name").asText()).asText()));
            return "metrics  " + String.join(" ", metrics);
        }
        StringBuilder out = new StringBuilder();
        String time = n.path("timestamp").asText(n.path("time").asText(""));
        try {
            out.append(TIME.format(Instant.parse(time).atZone(zone))).append(' ');
        } catch (RuntimeException notAnInstant) {
            if (!time.isEmpty()) out.append(time).append(' ');
        }
        out.append(String.format("%-5s ", n.path("level").asText("")));
        out.append(n.path("message").asText(n.path("msg").asText("")));
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (SHOWN_APART.contains(field.getKey())) continue;
            JsonNode v = field.getValue();
            out.append("  ").append(field.getKey()).append('=').append(v.isValueNode() ? v.asText() : v.toString());
        }
        return out.toString();
    }
}
