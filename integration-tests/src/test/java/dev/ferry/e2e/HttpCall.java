package dev.ferry.e2e;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request as it goes on the wire, references resolved: method, raw path below the stage, header lines in
 * order (a name may repeat), body text.
 */
record HttpCall(String method, String rawPath, List<Map.Entry<String, String>> headers, String body) {

    HttpCall {
        headers = List.copyOf(headers);
    }

    /** Every line of the header {@code name}, case-insensitively, with the optional white space around it removed. */
    List<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(h -> h.getValue().strip()).toList();
    }

    /** The value of a header sent exactly once. */
    Optional<String> single(String name) {
        List<String> lines = header(name);
        return lines.size() == 1 ? Optional.of(lines.getFirst()) : Optional.empty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(method).append(' ').append(rawPath);
        headers.forEach(h -> out.append("\n    ").append(h.getKey()).append(": ").append(Shown.text(h.getValue(), 120)));
        if (!body.isEmpty()) {
            out.append("\n    body: ").append(Shown.text(body, 400));
        }
        return out.toString();
    }
}
