package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.lambda.Json;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB attribute values in their JSON wire form ({@code {"S": "x"}}, {@code {"N": "1"}}, ...). */
final class AttributeValues {
    private AttributeValues() {}

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        item.forEach((k, v) -> node.set(k, value(v)));
        return node;
    }

    static ObjectNode value(AttributeValue v) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (v.s() != null) {
            n.put("S", v.s());
        } else if (v.n() != null) {
            n.put("N", v.n());
        } else if (v.b() != null) {
            n.put("B", b64(v.b()));
        } else if (v.bool() != null) {
            n.put("BOOL", v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            n.put("NULL", true);
        } else if (v.hasSs()) {
            ArrayNode a = n.putArray("SS");
            v.ss().forEach(a::add);
        } else if (v.hasNs()) {
            ArrayNode a = n.putArray("NS");
            v.ns().forEach(a::add);
        } else if (v.hasBs()) {
            ArrayNode a = n.putArray("BS");
            v.bs().forEach(b -> a.add(b64(b)));
        } else if (v.hasM()) {
            n.set("M", item(v.m()));
        } else if (v.hasL()) {
            ArrayNode a = n.putArray("L");
            v.l().forEach(e -> a.add(value(e)));
        }
        return n;
    }

    private static String b64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
