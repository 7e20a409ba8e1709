package dev.ferry.local.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

/** What the resources of a stack answer to {@code Ref} and {@code Fn::GetAtt}, once they exist. */
public interface ResourceReferences {

    /** True when the template declares the logical id and its condition (if any) holds. */
    boolean exists(String logicalId);

    /** {@code Ref}: the physical id (a name, URL or ARN depending on the type). */
    JsonNode ref(String logicalId);

    /** {@code Fn::GetAtt}; throws {@link TemplateException} naming the type when the attribute is unknown. */
    JsonNode getAtt(String logicalId, String attribute);
}
