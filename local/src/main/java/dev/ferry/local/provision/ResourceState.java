package dev.ferry.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Map;

/** What a created resource answers to {@code Ref} and {@code Fn::GetAtt}. */
record ResourceState(JsonNode ref, Map<String, JsonNode> attributes) {

    ResourceState {
        attributes = Map.copyOf(attributes);
    }

    static ResourceState of(String ref, String... attributePairs) {
        Map<String, JsonNode> attributes = new HashMap<>();
        for (int i = 0; i + 1 < attributePairs.length; i += 2) {
            attributes.put(attributePairs[i], TextNode.valueOf(attributePairs[i + 1]));
        }
        return new ResourceState(TextNode.valueOf(ref), attributes);
    }
}
