package dev.ferry.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.http.AwsCall;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of an SQS request in the JSON protocol's shape, whichever protocol it came in, so that one set of
 * rules judges both. Query-protocol parameters ({@code SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType})
 * become the JSON members they stand for ({@code Entries[0].MessageAttributes.<name>.DataType}).
 */
final class SqsRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsRequest() {}

    /** The request's parameters, or empty when its body cannot be read (the emulator then answers it as it will). */
    static Optional<JsonNode> parameters(AwsCall call) {
        try {
            if (call.protocol() == AwsCall.Protocol.QUERY) {
                return Optional.of(fromForm(form(call), call.operation()));
            }
            JsonNode tree = JSON.readTree(call.content());
            return tree != null && tree.isObject() ? Optional.of(tree) : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Map<String, String> form(AwsCall call) {
        String text = new String(call.content(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static ObjectNode fromForm(Map<String, String> params, String operation) {
        ObjectNode node = JSON.createObjectNode();
        for (String simple : new String[] {"QueueUrl", "QueueName", "MessageBody"}) {
            if (params.containsKey(simple)) {
                node.put(simple, params.get(simple));
            }
        }
        Map<Integer, Map<String, String>> attributes = indexed(params, "Attribute.");
        if (!attributes.isEmpty()) {
            ObjectNode out = node.putObject("Attributes");
            attributes.values().forEach(a -> out.put(a.getOrDefault("Name", ""), a.getOrDefault("Value", "")));
        }
        putMessageAttributes(node, params);
        Map<Integer, Map<String, String>> entries = indexed(params, operation + "RequestEntry.");
        if (!entries.isEmpty() || operation.endsWith("Batch")) {
            ArrayNode out = node.putArray("Entries");
            for (Map<String, String> entry : entries.values()) {
                ObjectNode e = out.addObject();
                for (String simple : new String[] {"Id", "MessageBody", "ReceiptHandle"}) {
                    if (entry.containsKey(simple)) {
                        e.put(simple, entry.get(simple));
                    }
                }
                putMessageAttributes(e, entry);
            }
        }
        return node;
    }

    private static void putMessageAttributes(ObjectNode node, Map<String, String> params) {
        Map<Integer, Map<String, String>> attributes = indexed(params, "MessageAttribute.");
        if (attributes.isEmpty()) {
            return;
        }
        ObjectNode out = node.putObject("MessageAttributes");
        for (Map<String, String> a : attributes.values()) {
            ObjectNode value = out.putObject(a.getOrDefault("Name", ""));
            value.put("DataType", a.getOrDefault("Value.DataType", ""));
            if (a.containsKey("Value.StringValue")) {
                value.put("StringValue", a.get("Value.StringValue"));
            }
            if (a.containsKey("Value.BinaryValue")) {
                value.put("BinaryValue", a.get("Value.BinaryValue"));
            }
        }
    }

    /** {@code Prefix.N.rest=value} grouped by N (in order) into {@code rest -> value}. */
    private static Map<Integer, Map<String, String>> indexed(Map<String, String> params, String prefix) {
        Map<Integer, Map<String, String>> groups = new TreeMap<>();
        params.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                return;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                return;
            }
            try {
                int index = Integer.parseInt(rest.substring(0, dot));
                groups.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), value);
            } catch (NumberFormatException notIndexed) {
                // not a list member
            }
        });
        return groups;
    }
}
