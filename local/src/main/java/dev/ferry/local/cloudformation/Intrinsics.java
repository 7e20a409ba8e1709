package dev.ferry.local.cloudformation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions of one stack's template to plain JSON. {@code AWS::NoValue} resolves to
 * {@link MissingNode}, which removes the property or list element that holds it, as CloudFormation does.
 */
public final class Intrinsics {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode template;
    private final PseudoParameters pseudo;
    private final ResourceReferences resources;
    private final Function<String, Optional<String>> exports;
    private final Map<String, String> parameterValues;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param exports         the value of an {@code Export} of an earlier stack, by export name
     * @param parameterValues values given for the template's parameters; the others take their defaults
     */
    public Intrinsics(JsonNode template, PseudoParameters pseudo, ResourceReferences resources,
                      Function<String, Optional<String>> exports, Map<String, String> parameterValues) {
        this.template = template;
        this.pseudo = pseudo;
        this.resources = resources;
        this.exports = exports;
        this.parameterValues = Map.copyOf(parameterValues);
    }

    /** Resolves every intrinsic inside {@code node}; the result contains none. */
    public JsonNode resolve(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return MissingNode.getInstance();
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode();
            for (JsonNode element : node) {
                JsonNode resolved = resolve(element);
                if (!resolved.isMissingNode()) {
                    out.add(resolved);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return function(key, node.get(key));
            }
        }
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode resolved = resolve(field.getValue());
            if (!resolved.isMissingNode()) {
                out.set(field.getKey(), resolved);
            }
        }
        return out;
    }

    /** Resolves {@code node} and requires a string (numbers and booleans are turned into their text). */
    public String resolveString(JsonNode node, String what) {
        return text(resolve(node), what);
    }

    /** The value of the named entry of the template's {@code Conditions}. */
    public boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = template.path("Conditions").path(name);
        if (definition.isMissingNode()) {
            throw new TemplateException("Condition '" + name + "' is used but not declared in Conditions of stack "
                    + pseudo.stackName());
        }
        if (!evaluating.add(name)) {
            throw new TemplateException("Condition '" + name + "' of stack " + pseudo.stackName() + " refers to itself");
        }
        try {
            boolean value = bool(definition);
            conditions.put(name, value);
            return value;
        } finally {
            evaluating.remove(name);
        }
    }

    private JsonNode function(String name, JsonNode args) {
        return switch (name) {
            case "Ref" -> ref(text(args, "Ref"));
            case "Fn::GetAtt" -> getAtt(args);
            case "Fn::Join" -> join(args);
            case "Fn::Sub" -> sub(args);
            case "Fn::Select" -> select(args);
            case "Fn::Split" -> split(args);
            case "Fn::ImportValue" -> importValue(resolveString(args, "Fn::ImportValue"));
            case "Fn::If" -> ifThenElse(args);
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not" -> JSON.booleanNode(bool(JSON.objectNode().set(name, args)));
            case "Fn::GetAZs" -> getAzs(args);
            case "Fn::Base64" -> TextNode.valueOf(Base64.getEncoder()
                    .encodeToString(resolveString(args, "Fn::Base64").getBytes(StandardCharsets.UTF_8)));
            case "Fn::FindInMap" -> findInMap(args);
            case "Fn::ToJsonString" -> toJsonString(args);
            case "Fn::Length" -> JSON.numberNode(list(resolve(args), "Fn::Length").size());
            default -> throw new TemplateException("Intrinsic function " + name + " in stack " + pseudo.stackName()
                    + " is not supported by Ferry's local provisioning; supported are Ref, Fn::GetAtt, Fn::Join, "
                    + "Fn::Sub, Fn::Select, Fn::Split, Fn::ImportValue, Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not, "
                    + "Fn::GetAZs, Fn::Base64, Fn::FindInMap, Fn::ToJsonString, Fn::Length");
        };
    }

    private JsonNode ref(String name) {
        if (name.startsWith("AWS::")) {
            return pseudo(name);
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (!parameter.isMissingNode()) {
            return parameter(name, parameter);
        }
        if (template.path("Resources").has(name)) {
            if (!resources.exists(name)) {
                throw new TemplateException("Ref to " + name + " in stack " + pseudo.stackName()
                        + ", which is not created because its Condition is false; guard the reference with Fn::If");
            }
            return resources.ref(name);
        }
        throw new TemplateException("Ref to '" + name + "' in stack " + pseudo.stackName()
                + ": no parameter, resource or pseudo parameter has that name");
    }

    private JsonNode pseudo(String name) {
        return switch (name) {
            case "AWS::Region" -> TextNode.valueOf(pseudo.region());
            case "AWS::AccountId" -> TextNode.valueOf(pseudo.accountId());
            case "AWS::Partition" -> TextNode.valueOf(pseudo.partition());
            case "AWS::URLSuffix" -> TextNode.valueOf(pseudo.urlSuffix());
            case "AWS::StackName" -> TextNode.valueOf(pseudo.stackName());
            case "AWS::StackId" -> TextNode.valueOf(pseudo.stackId());
            case "AWS::NoValue" -> MissingNode.getInstance();
            case "AWS::NotificationARNs" -> JSON.arrayNode();
            default -> throw new TemplateException("Unknown pseudo parameter " + name + " in stack " + pseudo.stackName());
        };
    }

    private JsonNode parameter(String name, JsonNode declaration) {
        String value = parameterValues.get(name);
        if (value == null) {
            JsonNode fallback = declaration.path("Default");
            if (fallback.isMissingNode()) {
                throw new TemplateException("Parameter " + name + " of stack " + pseudo.stackName()
                        + " has no Default and no value was given for it");
            }
            value = fallback.asText();
        }
        String type = declaration.path("Type").asText("String");
        if (type.startsWith("List<") || type.equals("CommaDelimitedList")) {
            ArrayNode items = JSON.arrayNode();
            for (String item : value.split(",", -1)) {
                items.add(item.strip());
            }
            return items;
        }
        return TextNode.valueOf(value);
    }

    private JsonNode getAtt(JsonNode args) {
        String logicalId;
        String attribute;
        if (args.isTextual()) {
            int dot = args.asText().indexOf('.');
            if (dot < 0) {
                throw new TemplateException("Fn::GetAtt '" + args.asText() + "' in stack " + pseudo.stackName()
                        + " must be 'LogicalId.Attribute'");
            }
            logicalId = args.asText().substring(0, dot);
            attribute = args.asText().substring(dot + 1);
        } else {
            List<JsonNode> parts = list(args, "Fn::GetAtt");
            if (parts.size() != 2) {
                throw new TemplateException("Fn::GetAtt in stack " + pseudo.stackName() + " needs [LogicalId, Attribute], got " + args);
            }
            logicalId = text(parts.get(0), "Fn::GetAtt logical id");
            attribute = text(resolve(parts.get(1)), "Fn::GetAtt attribute");
        }
        return resourceAttribute(logicalId, attribute);
    }

    private JsonNode resourceAttribute(String logicalId, String attribute) {
        if (!template.path("Resources").has(logicalId)) {
            throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " in stack " + pseudo.stackName()
                    + ": no resource has that logical id");
        }
        if (!resources.exists(logicalId)) {
            throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " in stack " + pseudo.stackName()
                    + ": the resource is not created because its Condition is false; guard the reference with Fn::If");
        }
        return resources.getAtt(logicalId, attribute);
    }

    private JsonNode join(JsonNode args) {
        List<JsonNode> parts = list(args, "Fn::Join");
        if (parts.size() != 2) {
            throw new TemplateException("Fn::Join in stack " + pseudo.stackName() + " needs [delimiter, [values]], got " + args);
        }
        String delimiter = text(parts.get(0), "Fn::Join delimiter");
        List<String> values = new ArrayList<>();
        for (JsonNode value : list(resolve(parts.get(1)), "Fn::Join values")) {
            values.add(text(value, "Fn::Join value"));
        }
        return TextNode.valueOf(String.join(delimiter, values));
    }

    private JsonNode sub(JsonNode args) {
        String pattern;
        Map<String, JsonNode> variables = new HashMap<>();
        if (args.isTextual()) {
            pattern = args.asText();
        } else {
            List<JsonNode> parts = list(args, "Fn::Sub");
            if (parts.size() != 2 || !parts.get(1).isObject()) {
                throw new TemplateException("Fn::Sub in stack " + pseudo.stackName() + " needs a string or [string, {variables}], got " + args);
            }
            pattern = text(parts.get(0), "Fn::Sub string");
            parts.get(1).properties().forEach(f -> variables.put(f.getKey(), f.getValue()));
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            int start = pattern.indexOf("${", i);
            if (start < 0) {
                out.append(pattern, i, pattern.length());
                break;
            }
            out.append(pattern, i, start);
            int end = pattern.indexOf('}', start);
            if (end < 0) {
                throw new TemplateException("Fn::Sub string '" + pattern + "' in stack " + pseudo.stackName() + " has an unclosed ${");
            }
            String name = pattern.substring(start + 2, end);
            if (name.startsWith("!")) {
                out.append("${").append(name.substring(1)).append('}');
            } else {
                out.append(text(subVariable(name.strip(), variables), "Fn::Sub variable ${" + name + "}"));
            }
            i = end + 1;
        }
        return TextNode.valueOf(out.toString());
    }

    private JsonNode subVariable(String name, Map<String, JsonNode> variables) {
        if (variables.containsKey(name)) {
            return resolve(variables.get(name));
        }
        int dot = name.indexOf('.');
        if (!name.startsWith("AWS::") && dot > 0) {
            return resourceAttribute(name.substring(0, dot), name.substring(dot + 1));
        }
        return ref(name);
    }

    private JsonNode select(JsonNode args) {
        List<JsonNode> parts = list(args, "Fn::Select");
        if (parts.size() != 2) {
            throw new TemplateException("Fn::Select in stack " + pseudo.stackName() + " needs [index, [values]], got " + args);
        }
        String indexText = text(resolve(parts.get(0)), "Fn::Select index");
        int index;
        try {
            index = Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            throw new TemplateException("Fn::Select index '" + indexText + "' in stack " + pseudo.stackName() + " is not a number");
        }
        List<JsonNode> values = list(resolve(parts.get(1)), "Fn::Select values");
        if (index < 0 || index >= values.size()) {
            throw new TemplateException("Fn::Select index " + index + " in stack " + pseudo.stackName()
                    + " is out of bounds for a list of " + values.size());
        }
        return values.get(index);
    }

    private JsonNode split(JsonNode args) {
        List<JsonNode> parts = list(args, "Fn::Split");
        if (parts.size() != 2) {
            throw new TemplateException("Fn::Split in stack " + pseudo.stackName() + " needs [delimiter, string], got " + args);
        }
        String delimiter = text(parts.get(0), "Fn::Split delimiter");
        String source = resolveString(parts.get(1), "Fn::Split source");
        ArrayNode out = JSON.arrayNode();
        for (String piece : source.split(Pattern.quote(delimiter), -1)) {
            out.add(piece);
        }
        return out;
    }

    private JsonNode importValue(String exportName) {
        return TextNode.valueOf(exports.apply(exportName).orElseThrow(() -> new TemplateException(
                "Fn::ImportValue '" + exportName + "' in stack " + pseudo.stackName()
                        + ": no earlier stack of the assembly exports that name (check the stacks' dependencies)")));
    }

    private JsonNode ifThenElse(JsonNode args) {
        List<JsonNode> parts = list(args, "Fn::If");
        if (parts.size() != 3) {
            throw new TemplateException("Fn::If in stack " + pseudo.stackName() + " needs [condition, ifTrue, ifFalse], got " + args);
        }
        return resolve(condition(text(parts.get(0), "Fn::If condition")) ? parts.get(1) : parts.get(2));
    }

    private boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        if (node.isObject() && node.size() == 1) {
            String key = node.fieldNames().next();
            JsonNode args = node.get(key);
            switch (key) {
                case "Condition":
                    return condition(text(args, "Condition"));
                case "Fn::Equals": {
                    List<JsonNode> parts = list(args, "Fn::Equals");
                    if (parts.size() != 2) {
                        throw new TemplateException("Fn::Equals in stack " + pseudo.stackName() + " needs two values, got " + args);
                    }
                    return same(resolve(parts.get(0)), resolve(parts.get(1)));
                }
                case "Fn::And":
                    return list(args, "Fn::And").stream().allMatch(this::bool);
                case "Fn::Or":
                    return list(args, "Fn::Or").stream().anyMatch(this::bool);
                case "Fn::Not": {
                    List<JsonNode> parts = list(args, "Fn::Not");
                    if (parts.size() != 1) {
                        throw new TemplateException("Fn::Not in stack " + pseudo.stackName() + " needs one condition, got " + args);
                    }
                    return !bool(parts.get(0));
                }
                default:
                    return bool(resolve(node));
            }
        }
        throw new TemplateException("Expected a condition in stack " + pseudo.stackName() + ", got " + node);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isValueNode() && b.isValueNode()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b);
    }

    private JsonNode getAzs(JsonNode args) {
        String region = resolveString(args, "Fn::GetAZs region");
        String actual = region.isEmpty() ? pseudo.region() : region;
        ArrayNode zones = JSON.arrayNode();
        for (String suffix : List.of("a", "b", "c")) {
            zones.add(actual + suffix);
        }
        return zones;
    }

    private JsonNode findInMap(JsonNode args) {
        List<JsonNode> parts = list(args, "Fn::FindInMap");
        if (parts.size() < 3) {
            throw new TemplateException("Fn::FindInMap in stack " + pseudo.stackName() + " needs [map, key, key], got " + args);
        }
        String map = resolveString(parts.get(0), "Fn::FindInMap map");
        String top = resolveString(parts.get(1), "Fn::FindInMap key");
        String second = resolveString(parts.get(2), "Fn::FindInMap key");
        JsonNode value = template.path("Mappings").path(map).path(top).path(second);
        if (value.isMissingNode()) {
            if (parts.size() == 4 && parts.get(3).has("DefaultValue")) {
                return resolve(parts.get(3).get("DefaultValue"));
            }
            throw new TemplateException("Fn::FindInMap " + map + "." + top + "." + second + " in stack "
                    + pseudo.stackName() + ": no such entry in Mappings");
        }
        return value;
    }

    private JsonNode toJsonString(JsonNode args) {
        try {
            return TextNode.valueOf(MAPPER.writeValueAsString(resolve(args)));
        } catch (JsonProcessingException e) {
            throw new TemplateException("Fn::ToJsonString in stack " + pseudo.stackName() + " failed: " + e.getMessage(), e);
        }
    }

    private List<JsonNode> list(JsonNode node, String what) {
        if (!node.isArray()) {
            throw new TemplateException(what + " in stack " + pseudo.stackName() + " expects a list, got " + node);
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    private String text(JsonNode node, String what) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw new TemplateException(what + " in stack " + pseudo.stackName() + " must be a string, got "
                + (node.isMissingNode() ? "AWS::NoValue" : node.toString()));
    }
}
