package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.console.Payloads;
import dev.ferry.local.lambda.InvocationListener;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ferry up}'s terminal shows while the system runs: one readable line per invocation, i.e. per API
 * request and per batch of events a function was given, with what it was, how it ended and how long it took.
 * The same lines go to {@code .ferry/<name>/logs/requests.log} (what {@code ferry logs} shows).
 *
 * <pre>
 * 11:40:53.090  dev-OrdersApi         POST /orders -> 202                                     41 ms
 * 11:40:53.311  dev-OutboxRelay       ddb-stream dev-orders-outbox: 1 record (INSERT) ok      12 ms
 * 11:40:53.587  dev-PaymentsConsumer  sqs dev-payments-order-placed: 1 message (OrderPlaced) ok   18 ms
 * </pre>
 */
final class RequestLog implements InvocationListener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int DETAIL = 120;

    private final PrintStream terminal;
    private final OutputStream file;
    private final ZoneId zone;

    private RequestLog(PrintStream terminal, OutputStream file, ZoneId zone) {
        this.terminal = terminal;
        this.file = file;
        this.zone = zone;
    }

    /** Prints to {@code terminal} and appends to {@code file}. */
    static RequestLog to(PrintStream terminal, Path file) {
        try {
            return new RequestLog(terminal, Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                    ZoneId.systemDefault());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void invoked(Invocation invocation) {
        String line = line(invocation, zone);
        synchronized (this) {
            terminal.println(line);
            try {
                file.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                file.flush();
            } catch (IOException e) {
                // the terminal has it
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
    }

    /** The line for one invocation. */
    static String line(Invocation invocation, ZoneId zone) {
        Optional<JsonNode> event = parse(invocation.payload());
        String what = event.map(e -> what(e, invocation.source())).orElse(plainInvoke(invocation.source()));
        String outcome = outcome(invocation.result(), event);
        // The time it ended, when the line is printed: the terminal stays in order.
        return String.format("%s  %-21s %s  %s  %d ms", TIME.format(invocation.started().plus(invocation.duration()).atZone(zone)),
                invocation.functionName(),
                what, outcome, invocation.duration().toMillis());
    }

    private static String what(JsonNode event, InvocationSource source) {
        if (event.hasNonNull("httpMethod")) {
            return event.path("httpMethod").asText() + " " + event.path("path").asText();
        }
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty()) return batch(records);
        if ("aws.events".equals(event.path("source").asText())) {
            String rule = event.path("resources").path(0).asText("");
            return "schedule " + rule.substring(rule.lastIndexOf('/') + 1);
        }
        return plainInvoke(source);
    }

    private static String plainInvoke(InvocationSource source) {
        return switch (source) {
            case SYNC -> "invoke";
            case ASYNC -> "async invoke";
            case EVENT_SOURCE_MAPPING -> "event";
        };
    }

    /** {@code sqs dev-payments-order-placed: 2 messages (OrderPlaced)} and the like. */
    private static String batch(JsonNode records) {
        JsonNode first = records.path(0);
        String source = first.hasNonNull("eventSource") ? first.path("eventSource").asText() : first.path("EventSource").asText();
        int n = records.size();
        List<String> kinds = new ArrayList<>();
        return switch (source) {
            case "aws:sqs" -> {
                records.forEach(r -> eventType(r.path("body").asText(""))
                        .or(() -> Optional.ofNullable(r.path("messageAttributes").path("type").path("stringValue").textValue()))
                        .ifPresent(kinds::add));
                yield "sqs " + afterLast(first.path("eventSourceARN").asText(), ':') + ": " + count(n, "message") + types(kinds);
            }
            case "aws:kinesis" -> {
                records.forEach(r -> eventType(Payloads.base64Text(r.path("kinesis").path("data").asText(""))).ifPresent(kinds::add));
                yield "kinesis " + afterLast(first.path("eventSourceARN").asText(), '/') + ": " + count(n, "record") + types(kinds);
            }
            case "aws:dynamodb" -> {
                records.forEach(r -> kinds.add(r.path("eventName").asText("?")));
                String arn = first.path("eventSourceARN").asText();
                String table = arn.contains("table/") ? arn.substring(arn.indexOf("table/") + 6).split("/")[0] : arn;
                yield "ddb-stream " + table + ": " + count(n, "record") + types(kinds);
            }
            case "aws:sns" -> {
                records.forEach(r -> eventType(r.path("Sns").path("Message").asText("")).ifPresent(kinds::add));
                yield "sns " + afterLast(first.path("Sns").path("TopicArn").asText(), ':') + ": " + count(n, "message") + types(kinds);
            }
            default -> count(n, "record") + (source.isEmpty() ? "" : " from " + source);
        };
    }

    private static String outcome(InvokeResult result, Optional<JsonNode> event) {
        boolean api = event.map(e -> e.hasNonNull("httpMethod")).orElse(false);
        return switch (result) {
            case InvokeResult.Success s -> {
                Optional<JsonNode> response = parse(s.payload());
                if (api) {
                    yield response.map(r -> "-> " + r.path("statusCode").asText("?")).orElse("-> (no proxy response: 502)");
                }
                int failed = response.map(r -> r.path("batchItemFailures")).filter(JsonNode::isArray).map(JsonNode::size).orElse(0);
                int total = event.map(e -> e.path("Records").size()).orElse(0);
                yield failed == 0 ? "ok" : failed + " of " + total + " failed (reported back for retry)";
            }
            case InvokeResult.FunctionError e -> (api ? "-> 502, " : "") + "error " + shorten(e.errorType() + ": " + e.errorMessage());
            case InvokeResult.Throttled t -> "throttled (" + t.reason() + ")";
            case InvokeResult.Rejected r -> "refused: " + shorten(r.errorCode() + ": " + r.message());
        };
    }

    private static Optional<JsonNode> parse(byte[] payload) {
        if (payload == null || payload.length == 0) return Optional.empty();
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The event type of an envelope, shortened: {@code dev.ferry.orders.OrderPlaced.v1} is {@code OrderPlaced}. */
    static Optional<String> eventType(String json) {
        if (json.isEmpty() || json.charAt(0) != '{') return Optional.empty();
        try {
            String type = JSON.readTree(json).path("type").textValue();
            if (type == null || type.isBlank()) return Optional.empty();
            return Optional.of(Payloads.shortType(type));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String types(List<String> kinds) {
        if (kinds.isEmpty()) return "";
        Map<String, Integer> counts = new LinkedHashMap<>();
        kinds.forEach(k -> counts.merge(k, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, n) -> parts.add(n == 1 ? kind : n + " " + kind));
        return " (" + String.join(", ", parts.size() > 3 ? parts.subList(0, 3) : parts) + (parts.size() > 3 ? ", ..." : "") + ")";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String afterLast(String text, char separator) {
        return text.substring(text.lastIndexOf(separator) + 1);
    }

    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= DETAIL ? line : line.substring(0, DETAIL - 3) + "...";
    }
}
