package dev.ferry.local.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves the checkout's API description ({@code docs/openapi.yaml}) while {@code up} runs, at
 * {@code http://127.0.0.1:PORT/openapi.yaml}, so that a client generator or an API browser can load it next to
 * the API it describes. The file is read on each request: an edit shows at once. Serves nothing when the
 * checkout has no such file (an app other than Ferry's workflow).
 */
final class ApiDescriptionServer implements AutoCloseable {

    static final String PATH = "/openapi.yaml";

    private final Optional<HttpServer> server;

    private ApiDescriptionServer(Optional<HttpServer> server) {
        this.server = server;
    }

    /** Serves nothing (an app without a REST API). */
    static ApiDescriptionServer none() {
        return new ApiDescriptionServer(Optional.empty());
    }

    /** Serves {@code file} on {@code port} (0: any free port), or nothing when there is no such file. */
    static ApiDescriptionServer start(Path file, int port) {
        if (!Files.isRegularFile(file)) {
            return none();
        }
        try {
            HttpServer server = LoopbackHttpServer.create(port, 0);
            server.createContext("/", exchange -> serve(exchange, file));
            server.start();
            return new ApiDescriptionServer(Optional.of(server));
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve " + file + " on 127.0.0.1:" + port + " (port taken? --port N uses N+5)", e);
        }
    }

    /** Where the description is served, if it is. */
    Optional<URI> url() {
        return server.map(s -> URI.create("http://127.0.0.1:" + s.getAddress().getPort() + PATH));
    }

    private static void serve(HttpExchange exchange, Path file) throws IOException {
        try (exchange) {
            boolean found = exchange.getRequestURI().getPath().equals(PATH)
                    && (exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD"));
            byte[] body = found ? Files.readAllBytes(file)
                    : ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"GET " + PATH + " is the only resource here\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", found ? "application/yaml" : "application/problem+json");
            // Browser-based API tools load the description from another origin.
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(found ? 200 : 404, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.ifPresent(s -> s.stop(0));
    }
}
