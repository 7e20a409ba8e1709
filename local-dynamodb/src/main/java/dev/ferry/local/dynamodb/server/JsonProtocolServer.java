package dev.ferry.local.dynamodb.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.ops.DetailedApiException;
import dev.ferry.local.dynamodb.ops.DynamoDbApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

/**
 * The HTTP face of the emulator: AWS's JSON 1.0 protocol on loopback. Any request is accepted whatever
 * its SigV4 signature (there are no credentials to check locally); the operation comes from
 * {@code X-Amz-Target}. Responses carry {@code x-amz-crc32}, which the SDKs verify.
 */
public final class JsonProtocolServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final DynamoDbApi api;
    private HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private JsonProtocolServer(DynamoDbApi api) {
        this.api = api;
    }

    /** Starts serving on 127.0.0.1 at {@code port} (0 picks a free port). */
    public static JsonProtocolServer start(DynamoDbApi api, int port) throws IOException {
        JsonProtocolServer s = new JsonProtocolServer(api);
        s.server = LoopbackHttpServer.serve(port, 256, s::handle, s.executor);
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            int status = 200;
            String requestId = UUID.randomUUID().toString();
            try (InputStream in = exchange.getRequestBody()) {
                byte[] raw = in.readAllBytes();
                if (!exchange.getRequestMethod().equals("POST")) {
                    throw new ApiException("UnknownOperationException", 400,
                            "Use POST with an X-Amz-Target header; this is a DynamoDB JSON 1.0 endpoint");
                }
                // a body that is not JSON is refused before the target is looked at; without a target AWS
                // cannot tell the operation (dynalite test/connection.js)
                JsonNode request = raw.length == 0 ? MissingNode.getInstance() : parse(raw);
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                if (target == null) throw new ApiException("UnknownOperationException", 400, null);
                body = json.writeValueAsBytes(api.handle(target, request));
            } catch (ApiException e) {
                status = e.status();
                body = json.writeValueAsBytes(error(e));
            } catch (RuntimeException e) {
                status = 500;
                System.err.println("dynamodb emulator: internal error on request " + requestId + ": " + e);
                e.printStackTrace();
                body = json.writeValueAsBytes(error(new ApiException("InternalServerError", 500,
                        "Internal error in Ferry's DynamoDB emulator: " + e)));
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", CONTENT_TYPE);
            headers.set("x-amzn-RequestId", requestId);
            headers.set("x-amz-crc32", Long.toString(crc.getValue()));
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The body as a JSON object; anything else (not JSON, not an object) AWS refuses without a message. */
    private JsonNode parse(byte[] raw) {
        try {
            JsonNode node = json.readTree(raw);
            if (node == null || !node.isObject()) throw ApiException.unreadableBody();
            return node;
        } catch (IOException e) {
            throw ApiException.unreadableBody();
        }
    }

    private ObjectNode error(ApiException e) {
        ObjectNode body = json.createObjectNode();
        body.put("__type", e.wireType());
        e.text().ifPresent(m -> body.put(e.messageField(), m));
        if (e instanceof DetailedApiException d) body.setAll(d.details());
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
