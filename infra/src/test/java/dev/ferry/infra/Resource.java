package dev.ferry.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One resource of a synthesized template, with helpers to walk its JSON. */
record Resource(String stackName, String logicalId, String type, Map<String, Object> json) {

    @SuppressWarnings("unchecked")
    Map<String, Object> properties() {
        return (Map<String, Object>) json.getOrDefault("Properties", Map.of());
    }

    Optional<Object> property(String dottedPath) {
        Object current = properties();
        for (String part : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return Optional.empty();
            }
            current = map.get(part);
        }
        return Optional.ofNullable(current);
    }

    Object require(String dottedPath) {
        return property(dottedPath).orElseThrow(() -> new AssertionError(
                logicalId + " (" + type + " in " + stackName + ") has no property " + dottedPath));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String dottedPath) {
        return (Map<String, Object>) require(dottedPath);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String dottedPath) {
        return (List<Object>) require(dottedPath);
    }

    String string(String dottedPath) {
        return String.valueOf(require(dottedPath));
    }

    int integer(String dottedPath) {
        return ((Number) require(dottedPath)).intValue();
    }

    String deletionPolicy() {
        return String.valueOf(json.getOrDefault("DeletionPolicy", "Delete"));
    }

    @Override
    public String toString() {
        return stackName + "/" + logicalId;
    }
}
