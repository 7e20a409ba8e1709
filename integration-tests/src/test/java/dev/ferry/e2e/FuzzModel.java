package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.e2e.FuzzRequest.HeaderLine;
import dev.ferry.e2e.FuzzRequest.HeaderValue;
import dev.ferry.e2e.FuzzRequest.PathValue;
import dev.ferry.e2e.FuzzRequest.Reference;
import dev.ferry.e2e.FuzzRequest.RequestPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the fuzz run knows about the system it talks to: the accounts it opened before the first try, and
 * everything it saw accepted since (requests with their keys and answers, orders, accounts, deposits,
 * correlation ids). It resolves a generated request's references, and tells the oracle what exists.
 */
final class FuzzModel {

    /** The accounts deposits go to: one per number of decimals a currency can have. */
    static final List<String> FIXTURE_CURRENCIES = List.of("EUR", "JPY", "BHD", "CLF");

    /** A request the API accepted (2xx) the first time its key was used. */
    record Accepted(Operation operation, String scope, String key, String fingerprint, HttpCall call, HttpAnswer answer) {
    }

    private final List<String> fixtures;
    private final List<Accepted> accepted = new ArrayList<>();
    private final Map<String, Map<String, Accepted>> byScopeAndKey = new LinkedHashMap<>();
    private final Map<String, String> accountCurrencies = new LinkedHashMap<>();
    private final List<String> orders = new ArrayList<>();
    private final Map<String, Map<String, BigDecimal>> depositsByAccount = new LinkedHashMap<>();
    private final List<String> correlations = new ArrayList<>();

    FuzzModel(Map<String, String> fixtureAccounts) {
        this.fixtures = List.copyOf(fixtureAccounts.keySet());
        accountCurrencies.putAll(fixtureAccounts);
        fixtures.forEach(id -> depositsByAccount.put(id, new LinkedHashMap<>()));
    }

    /** The request as it goes on the wire. */
    HttpCall resolve(FuzzRequest request) {
        if (request.repeat().isPresent() && !accepted.isEmpty()) {
            return accepted.get(request.repeat().getAsInt() % accepted.size()).call();
        }
        String path = switch (request.path()) {
            case RequestPath.Raw raw -> raw.raw();
            case RequestPath.Templated templated -> {
                Map<String, String> encoded = new LinkedHashMap<>();
                Map<String, String> plain = new LinkedHashMap<>();
                for (String name : templated.template().segments().stream().filter(s -> s.startsWith("{"))
                        .map(s -> s.substring(1, s.length() - 1)).toList()) {
                    PathValue value = templated.values().get(name);
                    String resolved = resolve(value, plain);
                    plain.put(name, PathEncoding.decode(resolved).orElse(resolved));
                    encoded.put(name, resolved);
                }
                yield templated.template().expand(encoded);
            }
        };
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HeaderLine line : request.headers()) {
            headers.add(Map.entry(line.name(), switch (line.value()) {
                case HeaderValue.Text text -> text.text();
                case HeaderValue.ReusedKey reused -> keyOf(reused);
            }));
        }
        return new HttpCall(request.method(), path, headers, request.body());
    }

    private String resolve(PathValue value, Map<String, String> earlier) {
        return switch (value) {
            case PathValue.Encoded encoded -> encoded.raw();
            case PathValue.Known known -> PathEncoding.segment(known(known, earlier));
            case PathValue.KnownEncodedTwice twice -> {
                String id = known(twice.known(), earlier);
                yield String.format("%%25%02X", (int) id.charAt(0)) + PathEncoding.segment(id.substring(1));
            }
        };
    }

    private String known(PathValue.Known known, Map<String, String> earlier) {
        List<String> candidates = switch (known.reference()) {
            case FIXTURE_ACCOUNT -> fixtures;
            case ACCOUNT -> List.copyOf(accountCurrencies.keySet());
            case ORDER -> orders;
            case DEPOSIT -> List.copyOf(depositsByAccount.getOrDefault(earlier.getOrDefault("id", ""), Map.of()).keySet());
            case CORRELATION -> correlations;
        };
        return candidates.isEmpty() ? PathEncoding.decode(known.fallback()).orElse(known.fallback())
                : candidates.get(known.index() % candidates.size());
    }

    private String keyOf(HeaderValue.ReusedKey reused) {
        List<Accepted> inScope = List.copyOf(byScopeAndKey.getOrDefault(reused.scope(), Map.of()).values());
        return inScope.isEmpty() ? reused.fallback() : inScope.get(reused.index() % inScope.size()).call()
                .single("Idempotency-Key").orElse(reused.fallback());
    }

    /** The request that first used {@code key} in {@code scope} and was accepted, if any. */
    Optional<Accepted> owner(String scope, String key) {
        return Optional.ofNullable(byScopeAndKey.getOrDefault(scope, Map.of()).get(key));
    }

    /** Records a request accepted the first time its key was used, and what it created. */
    void accepted(Accepted first) {
        accepted.add(first);
        byScopeAndKey.computeIfAbsent(first.scope(), s -> new LinkedHashMap<>()).putIfAbsent(first.key(), first);
        first.answer().header("X-Correlation-Id").ifPresent(correlations::add);
        JsonNode body = first.answer().json().orElseThrow();
        switch (first.operation().operationId()) {
            case "placeOrder" -> orders.add(body.path("id").asText());
            case "openAccount" -> accountCurrencies.put(body.path("id").asText(), body.path("currency").asText());
            case "depositToAccount" -> depositsByAccount.computeIfAbsent(body.path("accountId").asText(), a -> new LinkedHashMap<>())
                    .put(body.path("depositId").asText(), new BigDecimal(body.path("amount").asText()));
            default -> {
            }
        }
    }

    Optional<String> currencyOf(String accountId) {
        return Optional.ofNullable(accountCurrencies.get(accountId));
    }

    /** Whether what a path parameter names exists, as far as the run knows; empty when it cannot know. */
    Optional<Boolean> exists(Reference reference, String value, Map<String, String> pathParameters) {
        return switch (reference) {
            case FIXTURE_ACCOUNT, ACCOUNT -> Optional.of(accountCurrencies.containsKey(value));
            case ORDER -> Optional.of(orders.contains(value));
            case DEPOSIT -> Optional.of(depositsByAccount.getOrDefault(pathParameters.getOrDefault("id", ""), Map.of()).containsKey(value));
            // An accepted request's events reach the audit log a moment later: until then its trace is 404.
            case CORRELATION -> correlations.contains(value) ? Optional.empty() : Optional.of(false);
        };
    }

    List<String> fixtures() {
        return fixtures;
    }

    /** The deposits accepted for an account, by deposit id (a replayed deposit is the same deposit). */
    Map<String, BigDecimal> deposits(String accountId) {
        return Map.copyOf(depositsByAccount.getOrDefault(accountId, Map.of()));
    }

    int acceptedCount() {
        return accepted.size();
    }
}
