package dev.ferry.local.kinesis.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.front.Answer;
import dev.ferry.local.front.RequestRules;
import dev.ferry.local.front.Verdict;
import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.AwsCall.Protocol;
import dev.ferry.local.http.LoopbackHttpServer;
import dev.ferry.local.kinesis.KinesisError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP face of the {@link KinesisEmulator}: AWS's JSON 1.1 protocol ({@code application/x-amz-json-1.1}) and its CBOR
 * variant ({@code application/x-amz-cbor-1.1}, the SDK v2 default) on loopback, the operation from
 * {@code X-Amz-Target}, any signature accepted. Every request meets the service's {@link RequestRules} first, in
 * process, exactly as the validating front applies them before kinesis-mock; a refused request never reaches the
 * emulator. Answers are in the protocol of the request.
 */
public final class KinesisHttpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    private static final String CBOR_TYPE = "application/x-amz-cbor-1.1";

    private final KinesisEmulator emulator;
    private final RequestRules rules;
    private HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private KinesisHttpServer(KinesisEmulator emulator, RequestRules rules) {
        this.emulator = emulator;
        this.rules = rules;
    }

    /**
     * Serves {@code emulator} on 127.0.0.1:{@code port} (0 picks a free port).
     *
     * @throws IOException when the port cannot be bound (in use)
     */
    public static KinesisHttpServer start(KinesisEmulator emulator, RequestRules rules, int port) throws IOException {
        KinesisHttpServer s = new KinesisHttpServer(emulator, rules);
        try {
            s.server = LoopbackHttpServer.serve(port, 256, s::handle, s.executor);
        } catch (IOException taken) {
            s.executor.shutdownNow();
            throw taken;
        }
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public KinesisEmulator emulator() {
        return emulator;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            contentType = contentType == null ? "" : contentType;
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.lastIndexOf('.') + 1);
            Protocol protocol = contentType.toLowerCase(Locale.ROOT).contains("cbor") ? Protocol.CBOR : Protocol.JSON;
            AwsCall call = new AwsCall(operation, protocol, contentType, raw);
            Answer answer = answer(exchange, call);
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", answer.contentType());
            headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
            answer.headers().forEach(headers::set);
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private Answer answer(HttpExchange exchange, AwsCall call) {
        try {
            if (!exchange.getRequestMethod().equals("POST")) {
                return new KinesisError("UnknownOperationException", "Use POST with an X-Amz-Target header; this is a Kinesis"
                        + " JSON 1.1 / CBOR endpoint").answerTo(call);
            }
            Verdict verdict = rules.inspect(call);
            if (verdict instanceof Verdict.Refuse refuse) {
                return refuse.answer();
            }
            Verdict.Forward forward = (Verdict.Forward) verdict;
            byte[] body = forward.body().orElse(call.content());
            JsonNode request = parse(body, call.protocol());
            JsonNode response = emulator.handle(call.operation(), request, call.protocol());
            forward.observer().succeeded();
            boolean cbor = call.protocol() == Protocol.CBOR;
            return new Answer(200, cbor ? CBOR_TYPE : JSON_TYPE, java.util.Map.of(),
                    cbor ? CBOR.writeValueAsBytes(response) : JSON.writeValueAsBytes(response));
        } catch (KinesisApiException e) {
            return e.error().answerTo(call);
        } catch (IOException | RuntimeException e) {
            System.err.println("kinesis emulator: internal error on " + call.operation() + ": " + e);
            e.printStackTrace();
            Answer internal = new KinesisError("InternalFailure", "Internal error in Ferry's Kinesis emulator: " + e).answerTo(call);
            return new Answer(500, internal.contentType(), internal.headers(), internal.body());
        }
    }

    /** The body as an object; an empty body is an empty request, anything else unreadable is a SerializationException. */
    private static JsonNode parse(byte[] body, Protocol protocol) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = protocol == Protocol.CBOR ? CBOR.readTree(body) : JSON.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException unreadable) {
            // answered below
        }
        throw new KinesisApiException("SerializationException", "The request body is not a "
                + (protocol == Protocol.CBOR ? "CBOR" : "JSON") + " object");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
