package dev.ferry.local.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed reads of a resource's resolved properties; errors name the resource and the property. */
record Props(String owner, JsonNode node) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    Props child(String name) {
        return new Props(owner + "." + name, node.path(name));
    }

    boolean has(String name) {
        return !node.path(name).isMissingNode() && !node.path(name).isNull();
    }

    Optional<String> string(String name) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw new ProvisioningException(owner + ": property " + name + " must be a string, got " + value);
        }
        return Optional.of(value.asText());
    }

    String requireString(String name) {
        return string(name).orElseThrow(() -> new ProvisioningException(owner + ": property " + name + " is required"));
    }

    Optional<Integer> integer(String name) {
        return string(name).map(text -> {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new ProvisioningException(owner + ": property " + name + " must be a whole number, got " + text);
            }
        });
    }

    Optional<Long> longValue(String name) {
        return string(name).map(text -> {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new ProvisioningException(owner + ": property " + name + " must be a whole number, got " + text);
            }
        });
    }

    boolean bool(String name, boolean fallback) {
        return string(name).map(text -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ProvisioningException(owner + ": property " + name + " must be true or false, got " + text);
        }).orElse(fallback);
    }

    List<Props> list(String name) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ProvisioningException(owner + ": property " + name + " must be a list, got " + value);
        }
        List<Props> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(new Props(owner + "." + name + "[" + i + "]", value.get(i)));
        }
        return out;
    }

    List<String> strings(String name) {
        return list(name).stream().map(p -> {
            if (!p.node().isValueNode()) {
                throw new ProvisioningException(p.owner() + " must be a string, got " + p.node());
            }
            return p.node().asText();
        }).toList();
    }

    /** A string-to-string map property (response parameters, templates), in the template's order. */
    java.util.Map<String, String> stringMap(String name) {
        JsonNode value = node.path(name);
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (value.isMissingNode() || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw new ProvisioningException(owner + ": property " + name + " must be a map of strings, got " + value);
        }
        value.properties().forEach(e -> {
            if (!e.getValue().isValueNode()) {
                throw new ProvisioningException(owner + ": " + name + "." + e.getKey() + " must be a string, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** A property that CloudFormation accepts as a JSON object or as JSON text (policies, filter policies), as text. */
    Optional<String> json(String name) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return Optional.of(value.asText());
        }
        try {
            return Optional.of(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new ProvisioningException(owner + ": property " + name + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
