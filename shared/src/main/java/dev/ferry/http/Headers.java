package dev.ferry.http;

import java.util.Map;
import java.util.Optional;

final class Headers {

    private Headers() {
    }

    static Optional<String> find(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(e.getValue());
            }
        }
        return Optional.empty();
    }
}
