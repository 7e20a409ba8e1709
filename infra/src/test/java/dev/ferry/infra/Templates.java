package dev.ferry.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The synthesized templates of all stacks of an app, with the one thing CloudFormation does between them:
 * resolving an {@code Fn::ImportValue} to the resource the exporting stack's output points at.
 */
final class Templates {

    private final FerryStacks stacks;
    private final Map<String, Map<String, Object>> byStack = new LinkedHashMap<>();

    Templates(FerryStacks stacks) {
        this.stacks = stacks;
        for (Stack stack : stacks.all()) {
            byStack.put(stack.getStackName(), Template.fromStack(stack).toJSON());
        }
    }

    FerryStacks stacks() {
        return stacks;
    }

    Template template(Stack stack) {
        return Template.fromStack(stack);
    }

    List<Resource> resources(String type) {
        List<Resource> all = new ArrayList<>();
        for (Stack stack : stacks.all()) {
            all.addAll(resources(stack, type));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    List<Resource> resources(Stack stack, String type) {
        Map<String, Object> resources = (Map<String, Object>) byStack.get(stack.getStackName()).get("Resources");
        List<Resource> found = new ArrayList<>();
        resources.forEach((id, json) -> {
            Map<String, Object> resource = (Map<String, Object>) json;
            if (type.equals(resource.get("Type"))) {
                found.add(new Resource(stack.getStackName(), id, type, resource));
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    Resource resource(String stackName, String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) byStack.get(stackName).get("Resources");
        Map<String, Object> json = (Map<String, Object>) resources.get(logicalId);
        if (json == null) {
            throw new AssertionError("no resource " + logicalId + " in " + stackName);
        }
        return new Resource(stackName, logicalId, String.valueOf(json.get("Type")), json);
    }

    /** The resource a construct became. */
    Resource resourceOf(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        Stack stack = Stack.of(element);
        return resource(stack.getStackName(), stack.getLogicalId((CfnElement) element));
    }

    /**
     * The resource a value refers to: {@code Ref} or {@code Fn::GetAtt} within {@code stackName}, or
     * {@code Fn::ImportValue} of another stack's export. Empty for anything else (a literal, a join).
     */
    @SuppressWarnings("unchecked")
    Optional<Resource> referencedResource(String stackName, Object value) {
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            return Optional.empty();
        }
        if (map.containsKey("Ref") && String.valueOf(map.get("Ref")).startsWith("AWS::")) {
            return Optional.empty(); // a pseudo parameter such as AWS::Region
        }
        if (map.containsKey("Ref")) {
            return Optional.of(resource(stackName, String.valueOf(map.get("Ref"))));
        }
        if (map.containsKey("Fn::GetAtt")) {
            return Optional.of(resource(stackName, String.valueOf(((List<Object>) map.get("Fn::GetAtt")).get(0))));
        }
        if (map.containsKey("Fn::ImportValue")) {
            String exportName = String.valueOf(map.get("Fn::ImportValue"));
            for (Map.Entry<String, Map<String, Object>> entry : byStack.entrySet()) {
                Map<String, Object> outputs = (Map<String, Object>) entry.getValue().getOrDefault("Outputs", Map.of());
                for (Object output : outputs.values()) {
                    Map<String, Object> out = (Map<String, Object>) output;
                    Map<String, Object> export = (Map<String, Object>) out.get("Export");
                    if (export != null && exportName.equals(export.get("Name"))) {
                        return referencedResource(entry.getKey(), out.get("Value"));
                    }
                }
            }
            throw new AssertionError("no stack exports " + exportName);
        }
        return Optional.empty();
    }

    Resource requireReferenced(String stackName, Object value) {
        return referencedResource(stackName, value)
                .orElseThrow(() -> new AssertionError(value + " in " + stackName + " refers to no resource"));
    }
}
