package dev.ferry.e2e;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code Idempotency-Key} values as the document defines them: a quoted and a bare key are the same key. */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String normalized(String value) {
        String key = value.strip();
        return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
    }

    /**
     * Every key a server could have read from these header lines, right or wrong: each line, and the lines
     * joined with commas (how a proxy event folds repeated headers), each bare and unquoted.
     */
    static Set<String> readings(List<String> lines) {
        List<String> raw = new ArrayList<>(lines);
        if (lines.size() > 1) {
            raw.add(String.join(",", lines));
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String value : raw) {
            keys.add(value.strip());
            keys.add(normalized(value));
        }
        keys.removeIf(String::isEmpty);
        return keys;
    }
}
