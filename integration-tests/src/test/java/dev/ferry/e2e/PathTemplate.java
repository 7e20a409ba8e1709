package dev.ferry.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path of the API description such as {@code /orders/{id}}: literal segments and {@code {parameters}}. */
record PathTemplate(String path) {

    List<String> segments() {
        return segments(path);
    }

    /** The parameters' values when {@code decodedSegments} (a request path split at '/', each segment decoded) fits. */
    Optional<Map<String, String>> match(List<String> decodedSegments) {
        List<String> template = segments();
        if (template.size() != decodedSegments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                parameters.put(t.substring(1, t.length() - 1), decodedSegments.get(i));
            } else if (!t.equals(decodedSegments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** The path with each {@code {parameter}} replaced by its (already encoded) value. */
    String expand(Map<String, String> encodedValues) {
        StringBuilder out = new StringBuilder();
        for (String segment : segments()) {
            out.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                String value = encodedValues.get(name);
                if (value == null) {
                    throw new IllegalArgumentException(path + " needs a value for {" + name + "}");
                }
                out.append(value);
            } else {
                out.append(segment);
            }
        }
        return out.toString();
    }

    /** Segments of a path: split at '/', empty ones dropped (as API Gateway and the functions' router do). */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }
}
