package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.e2e.FuzzRequest.HeaderLine;
import dev.ferry.e2e.FuzzRequest.PathValue;
import dev.ferry.e2e.FuzzRequest.RequestPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Ways to spoil a valid request, one at a time: in its body (wrong types, missing and unknown fields, odd
 * amounts and currencies, odd text, broken JSON, other JSON values, sizes around the limit), its headers
 * (missing, blank, repeated, overlong or malformed {@code Idempotency-Key}, other content types, odd
 * correlation headers), its path (odd and encoded ids) and its route (other methods and paths). Some of them
 * leave the request valid (a quoted key, {@code application/json; charset=utf-8}, an ignored correlation id):
 * the schema check decides, not the mutation.
 */
final class Mutations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String EMOJI = "\uD83D\uDE00";

    private static final List<JsonNode> WRONG_TYPES = List.of(JSON.numberNode(12.5), JSON.numberNode(7), JSON.booleanNode(true),
            JSON.nullNode(), JSON.arrayNode(), JSON.objectNode(), JSON.arrayNode().add("12.50"), JSON.objectNode().put("value", "12.50"),
            JSON.numberNode(new java.math.BigDecimal("1E+400")));

    private static final List<String> ODD_TEXT = List.of("", " ", "   ", "x".repeat(65), "y".repeat(101), "z".repeat(255),
            "w".repeat(10_000), EMOJI.repeat(60), EMOJI.repeat(51), "\u00E9".repeat(100), "\u0000", "\t", "Ada\nLovelace",
            "a\u0301", "\uFEFFAda", "\u202EAda", "\uD835\uDD18\uD835\uDD2B\uD835\uDD26", " padded ", "<script>alert(1)</script>",
            "' OR 1=1 --", "${jndi:ldap://x}", "%s%n", "../../etc/passwd", "\u0000@example.com", "a@b.c", "a@b", "@b.c",
            "a b@example.com", "a\u00A0b@example.com", "\uD83D@example.com");

    private static final List<String> ODD_AMOUNTS = List.of("0", "0.00", "0.000", "-1.00", "-0.01", "+5", "1e3", "1E3", "12.", ".5",
            " 12.50", "12.50 ", "12,50", "1,000.00", "\u0661\u0662", "\uFF11\uFF12", "NaN", "Infinity", "0x10", "1000000000000",
            "999999999999", "999999999999.9999", "0000000000001", "12.50000", "12.500", "12.0", "1.2345", "1.23456", "00.01",
            "0.001", "1" + "0".repeat(40), "", "12.5\n", "\u0031\u0032");

    private static final List<String> ODD_CURRENCIES = List.of("eur", "EURO", "EU", "XAU", "XXX", "XTS", "QQQ", "DEM", "JPY", "BHD",
            "CLF", "USD", "", "\u20AC", "E U", "USD ", "\u0415UR");

    private static final List<String> ODD_KEYS = List.of("", " ", "k".repeat(256), "k".repeat(300), "\"" + "q".repeat(255) + "\"",
            "\"" + "q".repeat(256) + "\"", "a b", "\u00E9", "a\"b", "a\\b", "\"", "\"\"", "\tkey", "key,other", "\"quoted\"",
            "!", "~~~", "{json}", "1");

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/jsonx", "json", "application/json; charset=utf-8", "APPLICATION/JSON",
            "application/merge-patch+json", "application/problem+json", "text/json", "application/octet-stream");

    private static final List<String> ODD_IDS = List.of("%2F", "a%2Fb", "%20", "a%20b", "%25", "%C3%A9", "%00", "%F0%9F%98%80",
            "..", ".", "x".repeat(65), "x".repeat(1_000), "0CAC2C0E-AA70-4D54-841F-557589B853AA", "%41", "~", "'", "(", "*", "$",
            ";x", ":", "@", "!", "a+b", "+", "outbox%23x", "payment%231", "deposit%23x", "order%231");

    private static final List<String> OTHER_METHODS = List.of("PUT", "DELETE", "PATCH", "OPTIONS", "GET", "POST");

    private static final List<String> UNKNOWN_PATHS = List.of("/", "/order", "/ORDERS", "/orders/x/items", "/accounts/x/deposits/y/z",
            "/traces", "/nothing", "/orders%2Fx", "/accounts/x/withdrawals", "/openapi.json", "/.well-known/x");

    private static final List<String> CORRELATION_IDS = List.of("has space", "c".repeat(129), "c".repeat(128), "fuzz-corr:1/2+3=4@5.6",
            "a,b", "\u00E9t\u00E9");

    private Mutations() {
    }

    /**
     * Every mutation that applies to {@code valid}, a request for {@code operation} whose body properties have
     * the {@code maxLengths} the description gives them.
     */
    static Arbitrary<FuzzRequest> of(Operation operation, FuzzRequest valid, Map<String, Integer> maxLengths) {
        List<Arbitrary<FuzzRequest>> applicable = new ArrayList<>();
        applicable.add(otherMethod(valid));
        applicable.add(unknownPath(valid));
        applicable.add(correlationHeader(valid));
        if (valid.path() instanceof RequestPath.Templated templated && !templated.values().isEmpty()) {
            applicable.add(oddId(valid, templated));
            applicable.add(idEncodedTwice(valid, templated));
        }
        if (operation.parameters("header").stream().anyMatch(p -> p.name().equals("Idempotency-Key"))) {
            applicable.add(idempotencyKey(valid));
        }
        if (operation.body().isPresent()) {
            applicable.add(contentType(valid));
            applicable.add(brokenJson(valid));
            applicable.add(otherJsonValue(valid));
            applicable.add(size(valid, operation.body().get().maxBytes()));
            if (Json.strict(valid.body()).orElse(null) instanceof ObjectNode body && !body.isEmpty()) {
                applicable.add(fieldMutations(valid, body));
                limits(valid, body, maxLengths).ifPresent(applicable::add);
            }
        }
        return Arbitraries.oneOf(applicable);
    }

    private static Arbitrary<FuzzRequest> fieldMutations(FuzzRequest valid, ObjectNode body) {
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        Arbitrary<String> field = Arbitraries.of(fields);
        List<Arbitrary<FuzzRequest>> mutations = new ArrayList<>();
        mutations.add(field.map(f -> valid.withBody("without field '" + f + "'", without(body, f).toString())));
        mutations.add(Combinators.combine(Arbitraries.of("note", "id", "Amount", "accountID", "__proto__", "status", "balance", ""),
                        Arbitraries.of(WRONG_TYPES))
                .as((name, value) -> valid.withBody("with unknown field '" + name + "'", body.deepCopy().set(name, value).toString())));
        mutations.add(Combinators.combine(field, Arbitraries.of(WRONG_TYPES))
                .as((f, value) -> valid.withBody("field '" + f + "' as " + value.getNodeType(), body.deepCopy().set(f, value).toString())));
        mutations.add(Combinators.combine(field, Arbitraries.of(ODD_TEXT))
                .as((f, text) -> valid.withBody("field '" + f + "' = " + Shown.text(text, 40), body.deepCopy().put(f, text).toString())));
        if (body.has("amount")) {
            mutations.add(Arbitraries.of(ODD_AMOUNTS).map(a -> valid.withBody("amount " + Shown.text(a, 40), body.deepCopy().put("amount", a).toString())));
        }
        if (body.has("currency")) {
            mutations.add(Arbitraries.of(ODD_CURRENCIES).map(c -> valid.withBody("currency " + Shown.text(c, 40), body.deepCopy().put("currency", c).toString())));
        }
        return Arbitraries.oneOf(mutations);
    }

    /**
     * A property at its documented length and one past it, in characters outside the Basic Multilingual Plane:
     * the description counts characters, and a check that counts UTF-16 units gets these wrong.
     */
    private static Optional<Arbitrary<FuzzRequest>> limits(FuzzRequest valid, ObjectNode body, Map<String, Integer> maxLengths) {
        List<Map.Entry<String, Integer>> limited = maxLengths.entrySet().stream().filter(e -> body.has(e.getKey())).toList();
        if (limited.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Combinators.combine(Arbitraries.of(limited), Arbitraries.of(0, 1), Arbitraries.of("\u00E9", EMOJI, "x"))
                .as((limit, over, character) -> {
                    int length = limit.getValue() + over;
                    return valid.withBody("'" + limit.getKey() + "' of " + length + " '" + character + "' (limit " + limit.getValue() + ")",
                            body.deepCopy().put(limit.getKey(), character.repeat(length)).toString());
                }));
    }

    private static ObjectNode without(ObjectNode body, String field) {
        ObjectNode copy = body.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static Arbitrary<FuzzRequest> brokenJson(FuzzRequest valid) {
        String body = valid.body();
        boolean object = body.startsWith("{\"") && body.endsWith("}");
        String firstField = object ? body.substring(1, body.indexOf(',') > 0 ? body.indexOf(',') : body.length() - 1) : "\"a\":1";
        String open = object ? body.substring(0, body.length() - 1) : body;
        return Arbitraries.of(
                valid.withBody("body cut short", body.substring(0, body.length() / 2)),
                valid.withBody("body with trailing garbage", body + " x"),
                valid.withBody("body with a second value", body + body),
                valid.withBody("body with a byte order mark", "\uFEFF" + body),
                valid.withBody("body in single quotes", body.replace('"', '\'')),
                valid.withBody("body with a repeated field", object ? "{" + firstField + "," + body.substring(1) : "{" + firstField + "," + firstField + "}"),
                valid.withBody("body with a comment", "/* c */" + body),
                valid.withBody("body with a trailing comma", open + ",}"),
                valid.withBody("body with an unquoted name", body.replaceFirst("\"([A-Za-z]+)\":", "$1:")),
                valid.withBody("body with a raw control character", body.replaceFirst("\":\"", "\":\"\u0001")));
    }

    private static Arbitrary<FuzzRequest> otherJsonValue(FuzzRequest valid) {
        return Arbitraries.of("", "   ", "null", "[]", "[" + valid.body() + "]", "\"text\"", "42", "true", "{}", "{\"\":\"\"}")
                .map(b -> valid.withBody("body " + Shown.text(b, 40), b));
    }

    private static Arbitrary<FuzzRequest> size(FuzzRequest valid, int maxBytes) {
        String body = valid.body();
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        // White space inside the object keeps it valid JSON: only its size changes.
        String open = body.endsWith("}") ? body.substring(0, body.length() - 1) : body;
        String close = body.endsWith("}") ? "}" : "";
        List<Integer> targets = Stream.of(maxBytes, maxBytes + 1, maxBytes * 2, 100_000).filter(t -> t > bytes).toList();
        return Arbitraries.of(targets.isEmpty() ? List.of(bytes + 1) : targets)
                .map(target -> valid.withBody("body padded to " + target + " bytes", open + " ".repeat(target - bytes) + close));
    }

    private static Arbitrary<FuzzRequest> idempotencyKey(FuzzRequest valid) {
        List<HeaderLine> others = valid.headersWithout("Idempotency-Key");
        List<HeaderLine> keys = valid.headers().stream().filter(h -> h.name().equalsIgnoreCase("Idempotency-Key")).toList();
        List<Arbitrary<FuzzRequest>> mutations = new ArrayList<>();
        mutations.add(Arbitraries.just(valid.withHeaders("without Idempotency-Key", others)));
        mutations.add(Arbitraries.of(ODD_KEYS).map(k -> valid.withHeaders("Idempotency-Key " + Shown.text(k, 40),
                append(others, HeaderLine.text("Idempotency-Key", k)))));
        mutations.add(PatternStrings.matching("^[a-z0-9-]{1,40}$").map(second -> {
            List<HeaderLine> twice = new ArrayList<>(valid.headers());
            twice.add(HeaderLine.text("Idempotency-Key", second));
            return valid.withHeaders("a second Idempotency-Key line", twice);
        }));
        mutations.add(Arbitraries.just(valid.withHeaders("the Idempotency-Key line twice", concat(valid.headers(), keys))));
        mutations.add(Arbitraries.just(valid.withHeaders("idempotency-key in lower case", concat(others,
                keys.stream().map(k -> new HeaderLine("idempotency-key", k.value())).toList()))));
        return Arbitraries.oneOf(mutations);
    }

    private static Arbitrary<FuzzRequest> contentType(FuzzRequest valid) {
        List<HeaderLine> others = valid.headersWithout("Content-Type");
        return Arbitraries.oneOf(
                Arbitraries.just(valid.withHeaders("without Content-Type", others)),
                Arbitraries.of(CONTENT_TYPES).map(t -> valid.withHeaders("Content-Type " + t, append(others, HeaderLine.text("Content-Type", t)))));
    }

    private static Arbitrary<FuzzRequest> correlationHeader(FuzzRequest valid) {
        List<HeaderLine> others = valid.headersWithout("X-Correlation-Id");
        return Arbitraries.oneOf(
                Arbitraries.of(CORRELATION_IDS).map(c -> valid.withHeaders("X-Correlation-Id " + Shown.text(c, 40),
                        append(others, HeaderLine.text("X-Correlation-Id", c)))),
                Arbitraries.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-zz-00-01", "garbage")
                        .map(t -> valid.withHeaders("traceparent " + t, append(valid.headersWithout("traceparent"), HeaderLine.text("traceparent", t)))));
    }

    private static Arbitrary<FuzzRequest> oddId(FuzzRequest valid, RequestPath.Templated templated) {
        return Combinators.combine(Arbitraries.of(List.copyOf(templated.values().keySet())), Arbitraries.of(ODD_IDS)).as((name, id) -> {
            Map<String, PathValue> values = new LinkedHashMap<>(templated.values());
            values.put(name, new PathValue.Encoded(id));
            return valid.mutated("{" + name + "} = " + Shown.text(id, 40), valid.method(),
                    new RequestPath.Templated(templated.template(), values), valid.headers(), valid.body());
        });
    }

    private static Arbitrary<FuzzRequest> idEncodedTwice(FuzzRequest valid, RequestPath.Templated templated) {
        List<String> known = templated.values().entrySet().stream().filter(e -> e.getValue() instanceof PathValue.Known)
                .map(Map.Entry::getKey).toList();
        if (known.isEmpty()) {
            return Arbitraries.just(valid);
        }
        return Arbitraries.of(known).map(name -> {
            Map<String, PathValue> values = new LinkedHashMap<>(templated.values());
            values.put(name, new PathValue.KnownEncodedTwice((PathValue.Known) templated.values().get(name)));
            return valid.mutated("{" + name + "} encoded twice", valid.method(),
                    new RequestPath.Templated(templated.template(), values), valid.headers(), valid.body());
        });
    }

    private static Arbitrary<FuzzRequest> otherMethod(FuzzRequest valid) {
        return Arbitraries.of(OTHER_METHODS.stream().filter(m -> !m.equals(valid.method())).toList())
                .map(m -> valid.mutated("as " + m, m, valid.path(), valid.headers(), valid.body()));
    }

    private static Arbitrary<FuzzRequest> unknownPath(FuzzRequest valid) {
        return Arbitraries.of(UNKNOWN_PATHS).map(p -> valid.mutated("to " + p, valid.method(), new RequestPath.Raw(p), valid.headers(), valid.body()));
    }

    private static List<HeaderLine> append(List<HeaderLine> lines, HeaderLine line) {
        List<HeaderLine> out = new ArrayList<>(lines);
        out.add(line);
        return out;
    }

    private static List<HeaderLine> concat(List<HeaderLine> a, List<HeaderLine> b) {
        List<HeaderLine> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
