package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The workflow's REST API as {@code ferry load}'s clients call it: each call timed, a failure to connect an outcome too. */
final class LoadApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one request came to, and how long it took from send to the last byte of the answer. */
    sealed interface Outcome {
        long nanos();

        record Answered(int status, JsonNode body, long nanos) implements Outcome {}

        /** No HTTP answer at all: refused, reset, or timed out after {@link #REQUEST_TIMEOUT}. */
        record Unanswered(String error, long nanos) implements Outcome {}
    }

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final String base;

    LoadApi(URI apiUrl) {
        String text = apiUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    String base() {
        return base;
    }

    Outcome post(String path, String idempotencyKey, String correlationId, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    Outcome get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Outcome send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            JsonNode body;
            try {
                body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = JSON.getNodeFactory().textNode(response.body());
            }
            return new Outcome.Answered(response.statusCode(), body, nanos);
        } catch (IOException e) {
            return new Outcome.Unanswered(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unanswered("interrupted", System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
