package dev.ferry.local.apigateway;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiGatewayServerTest {
    static Path tmp;
    static LambdaRuntime runtime;
    static ApiFronts apis;
    static ApiSpec api;
    static URI base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        tmp = Files.createTempDirectory("api-test");
        Path code = FunctionAssets.directory(tmp, false);
        String echo = arn("api-echo");
        api = new ApiSpec("Api", "a1b2c3d4e5", "orders-api", "prod", List.of(
                new ApiRoute("POST", "/orders", echo, List.of("Idempotency-Key")),
                new ApiRoute("GET", "/orders/{id}", echo, List.of()),
                new ApiRoute("GET", "/orders/recent", echo, List.of()),
                new ApiRoute("ANY", "/files/{proxy+}", echo, List.of()),
                new ApiRoute("GET", "/binary", echo, List.of()),
                new ApiRoute("GET", "/boom", echo, List.of()),
                new ApiRoute("GET", "/malformed", arn("api-malformed"), List.of())));
        runtime = LambdaRuntime.builder(Functions.deployment(List.of(
                                function("api-echo", "ApiEchoHandler", code, env(tmp)),
                                function("api-malformed", Functions.FIXTURES + "MethodHandlers::malformed", code, env(tmp))),
                        List.of(), List.of(), List.of(api)))
                .faults(FaultPlan.none()).settings(RuntimeSettings.defaults().withLog(new PrintStream(OutputStream.nullOutputStream())))
                .start();
        apis = ApiFronts.start(List.of(api), runtime, 0, runtime.ledger());
        base = apis.url(api);
    }

    @AfterAll
    static void stop() throws Exception {
        apis.close();
        runtime.close();
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return URI.create(base + path);
    }

    private static Map<String, String> described(String body) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    @Test
    void aPostBecomesTheProxyEventAndTheProxyResponseIsMappedBack() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/orders?x=1&x=2&y=a%20b"))
                .header("Idempotency-Key", "k-1").header("X-Tag", "a").header("X-Tag", "b")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":5}")));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Location")).contains("/orders/42");
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        Map<String, String> e = described(r.body());
        assertThat(e).containsEntry("method", "POST").containsEntry("resource", "/orders").containsEntry("path", "/orders")
                .containsEntry("query", "{x=2, y=a b}").containsEntry("multiQuery", "{x=[1, 2], y=[a b]}")
                .containsEntry("idempotencyKey", "k-1").containsEntry("multiHeader", "[a, b]")
                .containsEntry("body", "{\"amount\":5}").containsEntry("base64", "false")
                .containsEntry("stage", "prod").containsEntry("resourcePath", "/orders")
                .containsEntry("contextPath", "/prod/orders").containsEntry("sourceIp", "127.0.0.1")
                .containsEntry("requestTimeEpoch", "true").containsEntry("pathParameters", "null");
        assertThat(e.get("requestId")).hasSize(36).isEqualTo(r.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    @Test
    void aSigV4SignedRequestNamesItsCallerAndAnUnsignedOneNamesNone() throws Exception {
        HttpResponse<String> signed = send(HttpRequest.newBuilder(url("/orders/7")).header("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDALICE/20261206/us-east-1/execute-api/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=0123abcd"));
        HttpResponse<String> unsigned = send(HttpRequest.newBuilder(url("/orders/7")));

        assertThat(described(signed.body())).containsEntry("accessKey", "AKIDALICE")
                .containsEntry("userArn", "arn:aws:iam::000000000000:user/AKIDALICE");
        assertThat(described(unsigned.body())).containsEntry("accessKey", "null").containsEntry("userArn", "null");
    }

    @Test
    void pathParametersLiteralsAndGreedyProxies() throws Exception {
        Map<String, String> byId = described(send(HttpRequest.newBuilder(url("/orders/o-42")).GET()).body());
        assertThat(byId).containsEntry("resource", "/orders/{id}").containsEntry("pathParameters", "{id=o-42}")
                .containsEntry("query", "null");
        Map<String, String> literal = described(send(HttpRequest.newBuilder(url("/orders/recent")).GET()).body());
        assertThat(literal).containsEntry("resource", "/orders/recent");
        Map<String, String> proxy = described(send(HttpRequest.newBuilder(url("/files/a/b/c.txt"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody())).body());
        assertThat(proxy).containsEntry("resource", "/files/{proxy+}").containsEntry("pathParameters", "{proxy=a/b/c.txt}")
                .containsEntry("method", "DELETE");
        Map<String, String> localstackStyle = described(send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + base.getPort() + "/restapis/a1b2c3d4e5/prod/_user_request_/orders/o-7")).GET()).body());
        assertThat(localstackStyle).containsEntry("pathParameters", "{id=o-7}");
    }

    @Test
    void aCorrelationIdWithSlashesPercentSpacesAndUnicodeIsOneParameterHandedOnAsTheClientEncodedIt() throws Exception {
        String correlationId = "batch/7 100% λ-世界";
        String encoded = encode(correlationId);
        assertThat(encoded).isEqualTo("batch%2F7%20100%25%20%CE%BB-%E4%B8%96%E7%95%8C");

        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/orders/" + encoded)).GET());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> e = described(r.body());
        assertThat(e).containsEntry("resource", "/orders/{id}").containsEntry("pathParameters", "{id=" + encoded + "}")
                .containsEntry("path", "/orders/" + encoded).containsEntry("contextPath", "/prod/orders/" + encoded);
        String id = e.get("pathParameters").substring("{id=".length(), e.get("pathParameters").length() - 1);
        assertThat(java.net.URLDecoder.decode(id, java.nio.charset.StandardCharsets.UTF_8))
                .as("decoded once by the function").isEqualTo(correlationId);
    }

    @Test
    void anEncodedSlashStaysInsideAGreedySegmentAndALiteralMatchesItsEncodedSpelling() throws Exception {
        Map<String, String> proxy = described(send(HttpRequest.newBuilder(url("/files/a%2Fb/c%20d.txt")).GET()).body());
        assertThat(proxy).containsEntry("pathParameters", "{proxy=a%2Fb/c%20d.txt}");

        Map<String, String> literal = described(send(HttpRequest.newBuilder(url("/orders/rec%65nt")).GET()).body());
        assertThat(literal).containsEntry("resource", "/orders/recent");
    }

    /** Percent-encodes every byte outside RFC 3986's unreserved set, as a client encodes one path segment. */
    private static String encode(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    @Test
    void unknownRoutesMethodsAndStagesAnswerMissingAuthenticationToken() throws Exception {
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(url("/nowhere")).GET(),
                HttpRequest.newBuilder(url("/orders")).DELETE(),
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + "/dev/orders/1")).GET())) {
            HttpResponse<String> r = send(request);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
            assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("MissingAuthenticationTokenException");
        }
    }

    @Test
    void aMissingRequiredHeaderIsRefusedBeforeTheFunctionRuns() throws Exception {
        long before = echoInvocations();

        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/orders")).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\": \"Missing required request parameters: [Idempotency-Key]\"}");
        assertThat(echoInvocations()).as("invocations of the integration").isEqualTo(before);
    }

    @Test
    void responseHeaderNamesArriveAsTheFunctionWroteThem() throws Exception {
        // As API Gateway sends them (java.net.http lower-cases every name it receives, so the raw response is read).
        String response;
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST " + base.getPath() + "/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Idempotency-Key: k-2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> names = response.lines().takeWhile(line -> !line.isEmpty()).skip(1)
                .map(line -> line.substring(0, line.indexOf(':'))).toList();

        assertThat(response).startsWith("HTTP/1.1 202");
        assertThat(names).contains("Location", "Content-Type", "x-amzn-RequestId", "Content-Length", "Date")
                .doesNotContain("Content-type", "X-amzn-requestid");
    }

    @Test
    void aMalformedPercentEncodingIsABadRequestNotAServerError() throws Exception {
        // API Gateway answers 400 for a URL such as ?q=100%; here the JDK server refuses it before the
        // handler runs (java.net.URI refuses to build such a URL, so raw HTTP).
        long before = echoInvocations();
        for (String target : List.of("/orders/o-1?q=100%", "/orders/o-1?q=%zz", "/orders/%zz")) {
            String response = raw("GET " + base.getPath() + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            assertThat(response).as(target).startsWith("HTTP/1.1 400");
        }
        assertThat(echoInvocations()).isEqualTo(before);
    }

    private static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static long echoInvocations() {
        return runtime.functionStats().stream().filter(f -> f.functionName().equals("api-echo"))
                .mapToLong(dev.ferry.local.lambda.FunctionStats::invocations).sum();
    }

    @Test
    void aFailingHandlerOrAMalformedResponseIs502() throws Exception {
        for (String path : List.of("/boom", "/malformed")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(url(path)).GET());
            assertThat(r.statusCode()).as(path).isEqualTo(502);
            assertThat(r.body()).isEqualTo("{\"message\": \"Internal server error\"}");
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("InternalServerErrorException");
        }
    }

    @Test
    void aBlankRequiredHeaderCountsAsMissing() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/orders")).header("Idempotency-Key", "  ")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\": \"Missing required request parameters: [Idempotency-Key]\"}");
    }

    @Test
    void aSevenMegabyteBodyLambdaCannotTakeAnswers413RequestTooLongNotAServerError() throws Exception {
        // Within API Gateway's 10 MB, but the proxy event is above Lambda's 6 MB for a synchronous invocation.
        long before = echoInvocations();
        String body = "a".repeat(7 * 1024 * 1024);

        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/files/big.txt")).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"message\": \"Request Too Long\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("BadRequestException");
        assertThat(echoInvocations()).as("the function never ran").isEqualTo(before);
    }

    @Test
    void aBodyAboveTenMegabytesIsRefusedBeforeRoutingInApiGatewaysPlainText() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        for (String path : List.of("/files/huge.bin", "/nowhere")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));

            assertThat(r.statusCode()).as(path).isEqualTo(413);
            assertThat(r.body()).isEqualTo("HTTP content length exceeded 10485760 bytes.");
        }
    }

    @Test
    void binaryBodiesTravelBase64EncodedBothWays() throws Exception {
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, 1};
        Map<String, String> upload = described(send(HttpRequest.newBuilder(url("/files/logo.png"))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))).body());
        assertThat(upload).containsEntry("base64", "true").containsEntry("body", Base64.getEncoder().encodeToString(bytes));

        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(url("/binary")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(download.body()).containsExactly(0, 1, 2, 0xff);
    }
}
