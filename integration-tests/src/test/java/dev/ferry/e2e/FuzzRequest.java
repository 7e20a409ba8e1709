package dev.ferry.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A request the fuzz test generated, before it is sent. Parts that name something the run created (an order
 * placed by an earlier try, a key an earlier request used) are references, resolved against the run's
 * {@link FuzzModel} when the request is sent: generation stays independent of the system's answers, so one
 * seed always generates the same requests.
 *
 * @param story  how it was made: the operation and each mutation applied, for the failure report
 * @param repeat when present, send again (byte for byte) the n-th request the run saw accepted, if any
 * @param body   the body as text ("" for none)
 */
record FuzzRequest(List<String> story, String method, RequestPath path, List<HeaderLine> headers, String body, OptionalInt repeat) {

    FuzzRequest {
        story = List.copyOf(story);
        headers = List.copyOf(headers);
    }

    FuzzRequest mutated(String what, String method, RequestPath path, List<HeaderLine> headers, String body) {
        List<String> told = new ArrayList<>(story);
        told.add(what);
        return new FuzzRequest(told, method, path, headers, body, repeat);
    }

    FuzzRequest withHeaders(String what, List<HeaderLine> newHeaders) {
        return mutated(what, method, path, newHeaders, body);
    }

    FuzzRequest withBody(String what, String newBody) {
        return mutated(what, method, path, headers, newBody);
    }

    /** The headers without any line named {@code name} (case-insensitively). */
    List<HeaderLine> headersWithout(String name) {
        return headers.stream().filter(h -> !h.name().equalsIgnoreCase(name)).toList();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(String.join(" + ", story));
        repeat.ifPresent(n -> out.append(" (repeat of accepted request #").append(n).append(" if there is one)"));
        out.append("\n    ").append(method).append(' ').append(path);
        headers.forEach(h -> out.append("\n    ").append(h));
        if (!body.isEmpty()) {
            out.append("\n    body (").append(body.length()).append(" chars): ").append(Shown.text(body, 300));
        }
        return out.toString();
    }

    /** Where the request goes: a documented path with values for its parameters, or any raw path. */
    sealed interface RequestPath {
        record Templated(PathTemplate template, Map<String, PathValue> values) implements RequestPath {
            public Templated {
                values = Map.copyOf(values);
            }

            @Override
            public String toString() {
                String shown = template.path();
                for (Map.Entry<String, PathValue> value : values.entrySet()) {
                    shown = shown.replace("{" + value.getKey() + "}", value.getValue().toString());
                }
                return shown;
            }
        }

        /** @param raw already percent-encoded, as it goes on the wire below the stage */
        record Raw(String raw) implements RequestPath {
            @Override
            public String toString() {
                return raw;
            }
        }
    }

    /** The value of a path parameter. */
    sealed interface PathValue {
        /** @param raw percent-encoded as it goes on the wire */
        record Encoded(String raw) implements PathValue {
            @Override
            public String toString() {
                return raw;
            }
        }

        /** The n-th thing of a kind the run knows; {@code fallback} when it knows none yet. */
        record Known(Reference reference, int index, String fallback) implements PathValue {
            @Override
            public String toString() {
                return "<" + reference.name().toLowerCase() + " #" + index + ">";
            }
        }

        /**
         * A known id whose first character is percent-encoded twice ({@code 0cac...} as {@code %2530cac...}): decoded
         * once, as it must be, it is {@code %30cac...}, which names nothing; decoded twice it would name the thing.
         */
        record KnownEncodedTwice(Known known) implements PathValue {
            @Override
            public String toString() {
                return "<" + known.reference().name().toLowerCase() + " #" + known.index() + ", first character encoded twice>";
            }
        }
    }

    /** What a {@link PathValue.Known} names. */
    enum Reference {
        /** one of the accounts the run opened before the first try, by its index in {@link FuzzModel#FIXTURE_CURRENCIES} */
        FIXTURE_ACCOUNT,
        /** any account the run knows (fixtures and accounts opened by tries) */
        ACCOUNT,
        ORDER,
        /** a deposit accepted for the account in the same path */
        DEPOSIT,
        /** the correlation id of an accepted request */
        CORRELATION;

        /**
         * What a path parameter of the API names, from its route: deposits go to the accounts the run opened
         * for them (the run checks their balances at the end), other account ids name any account it knows.
         */
        static Reference of(Operation operation, Operation.Parameter parameter) {
            return switch (parameter.name()) {
                case "correlationId" -> CORRELATION;
                case "depositId" -> DEPOSIT;
                default -> operation.template().path().startsWith("/orders") ? ORDER
                        : operation.template().segments().size() > 2 ? FIXTURE_ACCOUNT : ACCOUNT;
            };
        }
    }

    record HeaderLine(String name, HeaderValue value) {
        static HeaderLine text(String name, String value) {
            return new HeaderLine(name, new HeaderValue.Text(value));
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    sealed interface HeaderValue {
        record Text(String text) implements HeaderValue {
            @Override
            public String toString() {
                return Shown.text(text, 120);
            }
        }

        /** The key of the n-th request accepted in an idempotency scope; {@code fallback} when there is none. */
        record ReusedKey(String scope, int index, String fallback) implements HeaderValue {
            @Override
            public String toString() {
                return "<key of accepted request #" + index + " in scope " + scope + ">";
            }
        }
    }
}
