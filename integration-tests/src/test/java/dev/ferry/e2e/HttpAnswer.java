package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What came back: status, header lines by lower-case name, body text. */
record HttpAnswer(int status, Map<String, List<String>> headers, String body) {

    HttpAnswer {
        headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).filter(v -> !v.isEmpty()).map(List::getFirst);
    }

    /** The media type of the body, lower case, without parameters. */
    Optional<String> mediaType() {
        return header("Content-Type").map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
    }

    Optional<JsonNode> json() {
        return Json.strict(body);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("HTTP ").append(status);
        headers.entrySet().stream().filter(h -> !h.getKey().startsWith("x-amzn") && !h.getKey().equals("date"))
                .forEach(h -> out.append("\n    ").append(h.getKey()).append(": ").append(String.join(" | ", h.getValue())));
        return out.append("\n    ").append(Shown.text(body, 600)).toString();
    }
}
