package dev.ferry.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Lambda proxy integration response: {@code statusCode}, {@code headers}, {@code multiValueHeaders},
 * {@code body}, {@code isBase64Encoded}. Anything else (not a JSON object, an unknown key, a status code
 * that is not a number, a body that is not a string) is the "Malformed Lambda proxy response" API Gateway
 * answers with 502.
 */
record ProxyResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {
    private static final Set<String> KEYS = Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded");

    static Optional<ProxyResponse> parse(byte[] payload) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            if (!KEYS.contains(it.next())) {
                return Optional.empty();
            }
        }
        JsonNode status = json.get("statusCode");
        int code;
        if (status == null || status.isNull()) {
            return Optional.empty();
        } else if (status.isInt()) {
            code = status.asInt();
        } else if (status.isTextual() && status.asText().matches("\\d{3}")) {
            code = Integer.parseInt(status.asText());
        } else {
            return Optional.empty();
        }
        if (code < 100 || code > 599) {
            return Optional.empty();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        JsonNode single = json.get("headers");
        if (single != null && !single.isNull()) {
            if (!single.isObject()) {
                return Optional.empty();
            }
            single.fields().forEachRemaining(e -> headers.put(e.getKey(), new ArrayList<>(List.of(e.getValue().asText()))));
        }
        JsonNode multi = json.get("multiValueHeaders");
        if (multi != null && !multi.isNull()) {
            if (!multi.isObject()) {
                return Optional.empty();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = multi.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isArray()) {
                    return Optional.empty();
                }
                // multiValueHeaders win over headers of the same name, as in API Gateway.
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                headers.keySet().removeIf(name -> name.equalsIgnoreCase(e.getKey()));
                headers.put(e.getKey(), values);
            }
        }
        JsonNode bodyNode = json.get("body");
        byte[] body = new byte[0];
        if (bodyNode != null && !bodyNode.isNull()) {
            if (!bodyNode.isTextual()) {
                return Optional.empty();
            }
            JsonNode b64 = json.get("isBase64Encoded");
            if (b64 != null && b64.asBoolean(false)) {
                try {
                    body = Base64.getDecoder().decode(bodyNode.asText());
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            } else {
                body = bodyNode.asText().getBytes(StandardCharsets.UTF_8);
            }
        }
        return Optional.of(new ProxyResponse(code, headers, body));
    }
}
