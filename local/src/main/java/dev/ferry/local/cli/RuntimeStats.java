package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What a running {@code up} reports of its functions and mappings ({@link StatsServer}), read over HTTP. */
final class RuntimeStats {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param duration the time its invocations took, added up since {@code up} started */
    record Function(String name, OptionalInt reservedConcurrency, long invocations, long throttles, int peakConcurrentExecutions,
                    Duration duration) {
        Function(String name, OptionalInt reservedConcurrency, long invocations, long throttles, int peakConcurrentExecutions) {
            this(name, reservedConcurrency, invocations, throttles, peakConcurrentExecutions, Duration.ZERO);
        }
    }

    /**
     * @param source the queue or stream ARN
     */
    record Mapping(String id, String kind, String source, String function, OptionalInt maximumConcurrency, int parallelizationFactor,
                   long batches, int peakConcurrentBatches, Duration oldestRecordAge, Duration batchingWindow) {

        Mapping(String id, String kind, String source, String function, OptionalInt maximumConcurrency, int parallelizationFactor,
                long batches, int peakConcurrentBatches, Duration oldestRecordAge) {
            this(id, kind, source, function, maximumConcurrency, parallelizationFactor, batches, peakConcurrentBatches, oldestRecordAge,
                    Duration.ZERO);
        }

        /** The queue's, Kinesis stream's or (for a DynamoDB stream) table's name, from the ARN. */
        String sourceName() {
            // arn:aws:<service>:<region>:<account>:<resource>; a DynamoDB stream's resource holds colons of its own
            // (table/T/stream/2026-12-07T00:15:14.708).
            String[] parts = source.split(":", 6);
            String resource = parts.length == 6 ? parts[5] : source;
            if (resource.startsWith("table/")) {
                return resource.split("/")[1];
            }
            return resource.startsWith("stream/") ? resource.substring("stream/".length()) : resource;
        }
    }

    record Snapshot(List<Function> functions, List<Mapping> mappings) {
        Optional<Function> function(String name) {
            return functions.stream().filter(f -> f.name().equals(name)).findFirst();
        }

        List<Mapping> mappingsOf(String function) {
            return mappings.stream().filter(m -> m.function().equals(function)).toList();
        }

        /**
         * The batching windows an order waits out on its way to CONFIRMED: those of the queue mappings of PaymentsConsumer
         * and OrdersConsumer (MaximumBatchingWindowInSeconds, deployed as it is in AWS).
         */
        Duration consumerWindows() {
            return mappings.stream().filter(m -> m.kind().equals("SQS")
                            && (m.function().endsWith("PaymentsConsumer") || m.function().endsWith("OrdersConsumer")))
                    .map(Mapping::batchingWindow).reduce(Duration.ZERO, Duration::plus);
        }
    }

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RuntimeStats(URI url) {
        this.url = url;
    }

    /** The counters, with peaks since {@code since}; an {@link IllegalStateException} saying why when {@code up} does not answer. */
    Snapshot since(Instant since) {
        URI query = URI.create(url + "?since=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(query).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the runtime's statistics at " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return parse(JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException("the runtime's statistics at " + url + " did not answer (" + e.getMessage()
                    + "); is './ferry up' still running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + url, e);
        }
    }

    static Snapshot parse(JsonNode doc) {
        List<Function> functions = new ArrayList<>();
        for (JsonNode f : doc.path("functions")) {
            functions.add(new Function(f.path("name").asText(), optionalInt(f.path("reservedConcurrency")), f.path("invocations").asLong(),
                    f.path("throttles").asLong(), f.path("peakConcurrentExecutions").asInt(), Duration.ofMillis(f.path("durationMillis").asLong())));
        }
        List<Mapping> mappings = new ArrayList<>();
        for (JsonNode m : doc.path("mappings")) {
            mappings.add(new Mapping(m.path("id").asText(), m.path("kind").asText(), m.path("source").asText(), m.path("function").asText(),
                    optionalInt(m.path("maximumConcurrency")), m.path("parallelizationFactor").asInt(1), m.path("batches").asLong(),
                    m.path("peakConcurrentBatches").asInt(), Duration.ofMillis(m.path("oldestRecordAgeMillis").asLong()),
                    Duration.ofSeconds(m.path("maximumBatchingWindowSeconds").asLong())));
        }
        return new Snapshot(functions, mappings);
    }

    private static OptionalInt optionalInt(JsonNode n) {
        return n.isNumber() ? OptionalInt.of(n.asInt()) : OptionalInt.empty();
    }
}
