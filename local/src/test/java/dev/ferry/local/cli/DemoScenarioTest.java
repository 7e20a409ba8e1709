package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's steps against a stand-in of the workflow's API (an in-memory HTTP server that answers like the
 * functions do, settling orders asynchronously on the first read); the real API is the end-to-end module's.
 */
class DemoScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private URI api;
    private final Map<String, String> replies = new ConcurrentHashMap<>();   // Idempotency-Key -> body
    private final Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> orders = new ConcurrentHashMap<>();
    private final Map<String, Integer> postsByKey = new ConcurrentHashMap<>();
    private volatile boolean settleOrders = true;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void startFakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dev/", this::handle);
        server.start();
        api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dev");
    }

    @AfterEach
    void stopFakeApi() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/dev".length());
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String correlation = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Correlation-Id")).orElse("c");
        JsonNode body = exchange.getRequestMethod().equals("POST") ? JSON.readTree(exchange.getRequestBody()) : null;
        String[] parts = path.split("/");
        if (body != null) postsByKey.merge(key, 1, Integer::sum);
        if (body != null && replies.containsKey(key)) {
            exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
            respond(exchange, 202, replies.get(key));
            return;
        }
        if (path.equals("/accounts") && body != null) {
            String id = UUID.randomUUID().toString();
            balances.put(id, BigDecimal.ZERO.setScale(2));
            respond(exchange, 201, "{\"id\":\"" + id + "\",\"balance\":\"0.00\"}");
        } else if (parts.length == 4 && parts[3].equals("deposits")) {
            balances.merge(parts[2], new BigDecimal(body.path("amount").asText()), BigDecimal::add);
            replies.put(key, "{\"depositId\":\"d-" + key + "\",\"status\":\"ACCEPTED\"}");
            respond(exchange, 202, replies.get(key));
        } else if (parts.length == 3 && parts[1].equals("accounts")) {
            respond(exchange, 200, "{\"id\":\"" + parts[2] + "\",\"balance\":\"" + balances.get(parts[2]) + "\"}");
        } else if (path.equals("/orders") && body != null) {
            String id = UUID.randomUUID().toString();
            orders.put(id, new ConcurrentHashMap<>(Map.of("account", body.path("accountId").asText(),
                    "amount", body.path("amount").asText(), "status", "PENDING", "correlation", correlation)));
            respond(exchange, 202, "{\"id\":\"" + id + "\",\"status\":\"PENDING\"}");
        } else if (parts.length == 3 && parts[1].equals("orders")) {
            Map<String, String> order = orders.get(parts[2]);
            if (settleOrders && order.get("status").equals("PENDING")) {
                BigDecimal amount = new BigDecimal(order.get("amount"));
                BigDecimal balance = balances.get(order.get("account"));
                if (balance.compareTo(amount) >= 0) {
                    balances.put(order.get("account"), balance.subtract(amount));
                    order.put("status", "CONFIRMED");
                } else {
                    order.put("status", "REJECTED");
                    order.put("reason", "insufficient funds");
                }
            }
            respond(exchange, 200, "{\"id\":\"" + parts[2] + "\",\"status\":\"" + order.get("status") + "\""
                    + (order.containsKey("reason") ? ",\"reason\":\"" + order.get("reason") + "\"" : "") + "}");
        } else if (parts.length == 3 && parts[1].equals("traces")) {
            respond(exchange, 200, "{\"correlationId\":\"" + parts[2] + "\",\"events\":["
                    + "{\"id\":\"e1\",\"type\":\"dev.ferry.orders.OrderPlaced.v1\",\"time\":\"t1\"},"
                    + "{\"id\":\"e2\",\"type\":\"dev.ferry.payments.PaymentSucceeded.v1\",\"time\":\"t2\",\"causationid\":\"e1\"},"
                    + "{\"id\":\"e3\",\"type\":\"dev.ferry.orders.OrderConfirmed.v1\",\"time\":\"t3\",\"causationid\":\"e2\"}]}");
        } else {
            respond(exchange, 403, "{\"message\":\"Missing Authentication Token\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private final Mailbox mailbox = prefix -> List.of(
            new Mailbox.Email("ada@example.com", "welcome", "Welcome to Ferry", prefix + "-account", "1"),
            new Mailbox.Email("ada@example.com", "order-confirmation", "Order is confirmed", prefix + "-order-paid", "2"));

    private DemoScenario scenario(Duration timeout) {
        return new DemoScenario(new DemoApi(api), Optional.of(mailbox), new PrintStream(out, true, StandardCharsets.UTF_8), timeout, "abc123");
    }

    @Test
    void theStoryEndsWithOnePaidOneRejectedOrderTheBalanceMovedOnceTwoEmailsAndATrace() {
        DemoScenario.Outcome outcome = scenario(Duration.ofSeconds(5)).play();

        assertThat(outcome.paidStatus()).isEqualTo("CONFIRMED");
        assertThat(outcome.rejectedStatus()).isEqualTo("REJECTED");
        assertThat(outcome.balance()).isEqualTo("70.00");
        assertThat(outcome.emails()).extracting(Mailbox.Email::template).containsExactly("welcome", "order-confirmation");
        assertThat(outcome.traceEvents()).isEqualTo(3);
        assertThat(postsByKey).containsEntry("demo-abc123-deposit", 2);
        String story = out.toString(StandardCharsets.UTF_8);
        assertThat(story).contains("the same deposit again", "replayed", "(the same)", "CONFIRMED",
                "REJECTED: insufficient funds", "70.00 EUR", "order-confirmation to ada@example.com", "<- caused by #2");
    }

    @Test
    void anOrderThatNeverSettlesFailsTheStepWithWhatWasAwaited() {
        settleOrders = false;

        assertThatThrownBy(() -> scenario(Duration.ofMillis(500)).play())
                .isInstanceOf(DemoApi.DemoFailure.class)
                .hasMessageContaining("timed out").hasMessageContaining("to leave PENDING").hasMessageContaining("./ferry dlq");
    }

    @Test
    void demoWithoutARunningUpSaysToStartIt(@TempDir Path home) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FerryCli cli = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), home, Map.of());

        assertThat(cli.run(new String[] {"demo"})).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no './ferry up' is running").contains("wait for 'ready'");
    }

    @Test
    void demoAgainstAnApiWhereNothingListensFailsClearly(@TempDir Path home) {
        server.stop(0);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FerryCli cli = new FerryCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), home, Map.of());

        assertThat(cli.run(new String[] {"demo", "--api", api.toString()})).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing answers at " + api).contains("still running");
    }
}
