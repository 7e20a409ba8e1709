package dev.ferry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends an {@link HttpCall} exactly as it is: any method, header lines repeated or blank, any body. HTTP/1.1
 * only, so that the client adds no upgrade headers of its own.
 */
final class RawHttp {

    private final URI stage;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RawHttp(URI stage) {
        this.stage = stage;
    }

    HttpAnswer send(HttpCall call) {
        try {
            HttpResponse<String> response = client.send(request(stage, call), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> headers = new TreeMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            return new HttpAnswer(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP call failed: " + call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + call, e);
        }
    }

    /** The request for {@code call} below {@code stage}; an {@link IllegalArgumentException} when the client cannot send it. */
    static HttpRequest request(URI stage, HttpCall call) {
        String base = stage.toString().endsWith("/") ? stage.toString().substring(0, stage.toString().length() - 1) : stage.toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.rawPath())).timeout(Duration.ofSeconds(30))
                .method(call.method(), call.body().isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        for (Map.Entry<String, String> header : call.headers()) {
            request.header(header.getKey(), header.getValue());
        }
        return request.build();
    }
}
