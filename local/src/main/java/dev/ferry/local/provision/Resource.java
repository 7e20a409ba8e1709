package dev.ferry.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.cloudformation.StackArtifact;

/**
 * One resource of a stack with its properties already resolved.
 *
 * @param properties resolved {@code Properties} (an empty object when the template has none)
 * @param metadata   the unresolved {@code Metadata} (CDK's asset paths live there)
 */
record Resource(StackArtifact stack, String logicalId, String type, Props properties, JsonNode metadata) {

    /** "Stack/LogicalId (Type)", for messages. */
    String describe() {
        return stack.stackName() + "/" + logicalId + " (" + type + ")";
    }
}
