package dev.ferry.local.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import dev.ferry.local.deployment.GatewayResponseSpec;
import dev.ferry.local.lambda.FunctionInvoker;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answers the API front gives itself, shaped by the API's gateway responses, through a real HTTP client.
 * The functions are scripted: each route's ARN names what Lambda does with the invocation.
 */
class GatewayResponsesTest {

    /** The four gateway responses of the Ferry app (infra's ApiStack), as they synthesize. */
    static final List<GatewayResponseSpec> FERRY_PROBLEMS = List.of(
            new GatewayResponseSpec("BAD_REQUEST_PARAMETERS", Optional.of("400"), problemJson(), Map.of("application/json",
                    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"$context.error.validationErrorString\"}")),
            new GatewayResponseSpec("BAD_REQUEST_BODY", Optional.of("400"), problemJson(), Map.of("application/json",
                    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"The body must be a JSON object.\"}")),
            new GatewayResponseSpec("DEFAULT_4XX", Optional.empty(), problemJson(), Map.of("application/json",
                    "{\"type\":\"about:blank\",\"title\":\"$context.error.responseType\",\"detail\":$context.error.messageString}")),
            new GatewayResponseSpec("DEFAULT_5XX", Optional.empty(), problemJson(), Map.of("application/json",
                    "{\"type\":\"about:blank\",\"title\":\"$context.error.responseType\",\"detail\":$context.error.messageString}")));

    static final String JSON_OBJECT = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\"}";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ScriptedLambda LAMBDA = new ScriptedLambda();
    static ApiGatewayServer ferry;
    static ApiGatewayServer custom;

    static Map<String, String> problemJson() {
        return Map.of("gatewayresponse.header.Content-Type", "'application/problem+json'");
    }

    @BeforeAll
    static void start() {
        List<ApiRoute> routes = List.of(
                new ApiRoute("POST", "/orders", "accepts", List.of("Idempotency-Key"), Map.of("application/json", JSON_OBJECT)),
                new ApiRoute("GET", "/orders/{id}", "accepts", List.of()),
                new ApiRoute("GET", "/boom", "fails", List.of()),
                new ApiRoute("GET", "/malformed", "answers-nonsense", List.of()),
                new ApiRoute("GET", "/throttled", "throttled", List.of()),
                new ApiRoute("GET", "/gone", "not-found", List.of()),
                new ApiRoute("POST", "/upload", "too-large", List.of()),
                new ApiRoute("GET", "/slow", "never-answers", List.of()),
                new ApiRoute("POST", "/replayed", "replays", List.of()),
                new ApiRoute("GET", "/split", "splits-a-header", List.of()));
        // A short integration timeout: the slow function never answers, so the front's timer alone decides.
        ferry = ApiGatewayServer.start(new ApiSpec("Api", "ferry12345", "ferry-api", "dev", routes, FERRY_PROBLEMS),
                LAMBDA, 0, Duration.ofMillis(300));
        custom = ApiGatewayServer.start(new ApiSpec("Api", "custom1234", "custom-api", "prod", routes, List.of(
                new GatewayResponseSpec("MISSING_AUTHENTICATION_TOKEN", Optional.of("404"), Map.of(
                        "gatewayresponse.header.Access-Control-Allow-Origin", "'a.b.c'",
                        "gatewayresponse.header.X-Request-Trace", "method.request.header.X-Trace",
                        "gatewayresponse.header.X-Absent", "method.request.header.X-Not-Sent",
                        "gatewayresponse.header.X-Stage-Variable", "stageVariables.color"), Map.of(
                        "application/json", "{\"message\":$context.error.messageString,\"type\":\"$context.error.responseType\","
                                + "\"requestId\":\"$context.requestId\",\"path\":\"${context.path}\",\"stage\":\"$context.stage\","
                                + "\"resourcePath\":\"$context.resourcePath\",\"color\":\"$stageVariables.color\"}",
                        "application/xml", "<error>$context.error.message</error>")),
                new GatewayResponseSpec("DEFAULT_4XX", Optional.of("418"), Map.of(), Map.of()))),
                LAMBDA, 0, Duration.ofSeconds(29));
    }

    @AfterAll
    static void stop() {
        LAMBDA.release();
        ferry.close();
        custom.close();
    }

    private static HttpResponse<String> send(ApiGatewayServer api, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(ApiGatewayServer api, String path) {
        return HttpRequest.newBuilder(URI.create(api.stageUrl() + path));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> r, int status, String title, String detail, String errorType)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains(errorType);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        JsonNode problem = json(r);
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("title").asText()).isEqualTo(title);
        assertThat(problem.path("detail").asText()).isEqualTo(detail);
    }

    @Test
    void anUnknownRouteOrMethodAnswersTheDefault4xxProblemNamingItsResponseType() throws Exception {
        int before = LAMBDA.calls();
        for (HttpRequest.Builder request : List.of(at(ferry, "/nowhere").GET(), at(ferry, "/orders").DELETE(),
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ferry.port() + "/prod/orders/1")).GET())) {
            assertProblem(send(ferry, request), 403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token",
                    "MissingAuthenticationTokenException");
        }
        assertThat(LAMBDA.calls()).isEqualTo(before);
    }

    @Test
    void aMissingOrBlankIdempotencyKeyAnswersTheBadRequestParametersProblemBeforeTheFunctionRuns() throws Exception {
        int before = LAMBDA.calls();
        for (HttpRequest.Builder request : List.of(
                at(ferry, "/orders").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")),
                at(ferry, "/orders").header("Idempotency-Key", " ").POST(HttpRequest.BodyPublishers.ofString("{}")))) {
            HttpResponse<String> r = send(ferry, request);

            assertProblem(r, 400, "Bad Request", "Missing required request parameters: [Idempotency-Key]", "BadRequestException");
            assertThat(json(r).path("status").asInt()).isEqualTo(400);
        }
        assertThat(LAMBDA.calls()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotAJsonObjectAnswersTheBadRequestBodyProblemBeforeTheFunctionRuns() throws Exception {
        int before = LAMBDA.calls();
        for (String body : List.of("[1, 2]", "\"an order\"", "42", "null", "{\"amount\": 5} trailing", "not json at all", "{")) {
            HttpResponse<String> r = send(ferry, at(ferry, "/orders").header("Idempotency-Key", "k-1")
                    .header("Content-Type", "application/json; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body)));

            assertProblem(r, 400, "Bad Request", "The body must be a JSON object.", "BadRequestException");
        }
        assertThat(LAMBDA.calls()).isEqualTo(before);
    }

    @Test
    void aJsonObjectAnEmptyBodyOrABodyOfAMediaTypeWithoutAModelReachTheFunction() throws Exception {
        // "If no matching content type is found, request validation is not performed."
        // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html)
        for (HttpRequest.Builder request : List.of(
                at(ferry, "/orders").header("Idempotency-Key", "k-2").POST(HttpRequest.BodyPublishers.ofString("{\"amount\": 5}")),
                at(ferry, "/orders").header("Idempotency-Key", "k-3").POST(HttpRequest.BodyPublishers.noBody()),
                at(ferry, "/orders").header("Idempotency-Key", "k-4").header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("[not, an, object]")))) {
            assertThat(send(ferry, request).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void aFailingFunctionOrAMalformedProxyResponseAnswersTheDefault5xxProblemWith502() throws Exception {
        for (String path : List.of("/boom", "/malformed")) {
            assertProblem(send(ferry, at(ferry, path).GET()), 502, "DEFAULT_5XX", "Internal server error",
                    "InternalServerErrorException");
        }
    }

    @Test
    void aThrottledOrUninvokableFunctionAnswersTheIntegrationFailureProblemWith500() throws Exception {
        for (String path : List.of("/throttled", "/gone")) {
            assertProblem(send(ferry, at(ferry, path).GET()), 500, "INTEGRATION_FAILURE", "Internal server error",
                    "InternalServerErrorException");
        }
    }

    @Test
    void anEventLambdaRefusesAsTooLargeAnswersTheRequestTooLargeProblemWith413() throws Exception {
        assertProblem(send(ferry, at(ferry, "/upload").POST(HttpRequest.BodyPublishers.ofString("{}"))), 413,
                "REQUEST_TOO_LARGE", "Request Too Long", "BadRequestException");
    }

    @Test
    void aFunctionThatOutlivesTheIntegrationTimeoutAnswersTheIntegrationTimeoutProblemWith504() throws Exception {
        assertProblem(send(ferry, at(ferry, "/slow").GET()), 504, "INTEGRATION_TIMEOUT", "Endpoint request timed out",
                "InternalServerErrorException");
    }

    @Test
    void aCustomizedTypeAnswersWithItsStatusItsHeadersAndItsTemplateFilledFromTheRequest() throws Exception {
        HttpResponse<String> r = send(custom, at(custom, "/nowhere/else").header("X-Trace", "t-42").GET());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("a.b.c");
        assertThat(r.headers().firstValue("X-Request-Trace")).contains("t-42");
        assertThat(r.headers().map()).doesNotContainKeys("x-absent", "x-stage-variable");
        JsonNode body = json(r);
        assertThat(body.path("message").asText()).isEqualTo("Missing Authentication Token");
        assertThat(body.path("type").asText()).isEqualTo("MISSING_AUTHENTICATION_TOKEN");
        assertThat(body.path("requestId").asText()).isEqualTo(r.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(body.path("path").asText()).isEqualTo("/prod/nowhere/else");
        assertThat(body.path("stage").asText()).isEqualTo("prod");
        assertThat(body.path("resourcePath").asText()).as("no resource matched").isEmpty();
        assertThat(body.path("color").asText()).as("no stage variables locally").isEmpty();
    }

    @Test
    void aUrlNamingNoStageOfTheApiHasItsWholePathAsTheContextPath() throws Exception {
        HttpResponse<String> r = send(custom, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + custom.port() + "/beta/x")).GET());

        assertThat(json(r).path("path").asText()).isEqualTo("/beta/x");
    }

    @Test
    void theAcceptHeaderPicksTheTemplateOfItsMediaType() throws Exception {
        HttpResponse<String> r = send(custom, at(custom, "/nowhere").header("Accept", "application/xml;q=0.9, */*").GET());

        assertThat(r.headers().firstValue("Content-Type")).contains("application/xml");
        assertThat(r.body()).isEqualTo("<error>Missing Authentication Token</error>");
    }

    @Test
    void aDefault4xxStatusCodeChangesTheStatusOfEveryUncustomized4xxType() throws Exception {
        HttpResponse<String> r = send(custom, at(custom, "/orders").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(r.body()).as("no template: API Gateway's own body")
                .isEqualTo("{\"message\": \"Missing required request parameters: [Idempotency-Key]\"}");
    }

    @Test
    void aGatewayResponseWithAStatusCodeApiGatewayWouldRefuseStopsTheApiAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GatewayResponses(List.of(new GatewayResponseSpec(
                        "DEFAULT_4XX", Optional.of("4xx"), Map.of(), Map.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status code '4xx'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GatewayResponses(List.of(new GatewayResponseSpec(
                        "TEAPOT", Optional.empty(), Map.of(), Map.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TEAPOT is not one API Gateway knows");
    }

    /** Lambda as the routes' ARNs script it; counts the invocations that reach it. */
    /** One raw exchange on a new connection (java.net.http lower-cases the names it receives). */
    private static String raw(ApiGatewayServer api, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> headLines(String response) {
        return response.lines().takeWhile(line -> !line.isEmpty()).toList();
    }

    @Test
    void responseHeaderNamesReachTheClientAsTheFunctionWroteThemWithEveryValue() throws Exception {
        String response = raw(ferry, "POST /dev/replayed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");

        List<String> head = headLines(response);
        assertThat(head.getFirst()).isEqualTo("HTTP/1.1 201 Created");
        assertThat(head).contains("X-Correlation-Id: c-1", "Idempotent-Replayed: true", "Set-Cookie: a=1", "Set-Cookie: b=2",
                "content-type: application/json", "Content-Length: 2", "Connection: close");
        // multiValueHeaders win over headers of the same name, whatever its case: one Content-Type.
        assertThat(head.stream().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")))
                .containsExactly("content-type: application/json");
        assertThat(head.stream().filter(line -> line.startsWith("x-amzn-RequestId: "))).hasSize(1);
        assertThat(response).endsWith("\r\n\r\n{}");
    }

    @Test
    void aHeaderValueWithALineBreakIsAMalformedAnswerNotASplitHeader() throws Exception {
        String response = raw(ferry, "GET /dev/split HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 502 ").doesNotContain("X-Injected");
        assertThat(headLines(response)).contains("Content-Type: application/problem+json",
                "x-amzn-ErrorType: InternalServerErrorException");
    }

    @Test
    void aMalformedPercentEscapeAnswersTheBadRequestParametersProblemBeforeTheFunctionRuns() throws Exception {
        int before = LAMBDA.calls();
        for (String target : List.of("/dev/orders/%zz", "/dev/orders/o-1?q=100%", "/dev/orders/o-1?q=%zz", "/dev/nowhere/%4")) {
            String response = raw(ferry, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            assertThat(response).as(target).startsWith("HTTP/1.1 400 Bad Request");
            assertThat(headLines(response)).as(target).contains("Content-Type: application/problem+json",
                    "x-amzn-ErrorType: BadRequestException");
            JsonNode problem = Json.MAPPER.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(problem.path("title").asText()).isEqualTo("Bad Request");
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("detail").asText()).isEqualTo("Malformed percent-encoding in the request URL");
        }
        // Without gateway responses, API Gateway's own body.
        String plain = raw(custom, "GET /prod/orders/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(plain).startsWith("HTTP/1.1 418 ").endsWith("{\"message\": \"Malformed percent-encoding in the request URL\"}");
        assertThat(LAMBDA.calls()).isEqualTo(before);
    }

    @Test
    void oneConnectionCarriesSeveralRequests() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ferry.port())) {
            var in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(("POST /dev/replayed HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                dev.ferry.local.http.HttpHead head = dev.ferry.local.http.Http1.readHead(in).orElseThrow();
                assertThat(head.startLine()).isEqualTo("HTTP/1.1 201 Created");
                assertThat(head.header("Connection")).isEmpty();
                assertThat(new String(in.readNBytes(head.contentLength().orElseThrow().intValue()), StandardCharsets.UTF_8))
                        .isEqualTo("{}");
            }
        }
    }

    static final class ScriptedLambda implements FunctionInvoker {
        private final AtomicInteger calls = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);

        int calls() {
            return calls.get();
        }

        void release() {
            released.countDown();
        }

        @Override
        public InvokeResult invoke(String functionArn, byte[] payload, InvocationSource source) {
            calls.incrementAndGet();
            return switch (functionArn) {
                case "accepts" -> new InvokeResult.Success("r-1",
                        "{\"statusCode\": 202, \"body\": \"accepted\"}".getBytes(StandardCharsets.UTF_8));
                case "fails" -> new InvokeResult.FunctionError("r-2", "IllegalStateException", "boom",
                        "{\"errorMessage\":\"boom\",\"errorType\":\"IllegalStateException\"}");
                case "answers-nonsense" -> new InvokeResult.Success("r-3", "\"not a proxy response\"".getBytes(StandardCharsets.UTF_8));
                case "throttled" -> new InvokeResult.Throttled("r-4", "ReservedFunctionConcurrentInvocationLimitExceeded", "Rate Exceeded.");
                case "not-found" -> new InvokeResult.Rejected("r-5", "ResourceNotFoundException", "Function not found");
                case "too-large" -> new InvokeResult.Rejected("r-6", "RequestEntityTooLargeException",
                        "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
                case "replays" -> new InvokeResult.Success("r-8", ("{\"statusCode\": 201, \"headers\": {\"X-Correlation-Id\": \"c-1\","
                        + " \"Idempotent-Replayed\": \"true\", \"Content-Type\": \"application/problem+json\"},"
                        + " \"multiValueHeaders\": {\"Set-Cookie\": [\"a=1\", \"b=2\"], \"content-type\": [\"application/json\"]},"
                        + " \"body\": \"{}\"}").getBytes(StandardCharsets.UTF_8));
                case "splits-a-header" -> new InvokeResult.Success("r-9",
                        "{\"statusCode\": 200, \"headers\": {\"X-Note\": \"a\\r\\nX-Injected: 1\"}}".getBytes(StandardCharsets.UTF_8));
                case "never-answers" -> {
                    try {
                        released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield new InvokeResult.Success("r-7", "{\"statusCode\": 200}".getBytes(StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("no script for " + functionArn);
            };
        }

        @Override
        public String functionName(String functionArn) {
            return functionArn;
        }
    }
}
