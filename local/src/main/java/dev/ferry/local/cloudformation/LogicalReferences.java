package dev.ferry.local.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** Finds the logical ids a piece of template names through Ref, Fn::GetAtt and Fn::Sub: its dependencies. */
public final class LogicalReferences {

    private LogicalReferences() {
    }

    /** Every name referenced in {@code node}, including parameters and pseudo parameters; callers filter. */
    public static Set<String> in(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                JsonNode args = node.get(key);
                switch (key) {
                    case "Ref" -> names.add(args.asText());
                    case "Fn::GetAtt" -> {
                        if (args.isTextual()) {
                            names.add(args.asText().split("\\.", 2)[0]);
                        } else if (args.isArray() && !args.isEmpty()) {
                            names.add(args.get(0).asText());
                        }
                    }
                    case "Fn::Sub" -> {
                        JsonNode pattern = args.isArray() ? args.path(0) : args;
                        subVariables(pattern.asText(""), names);
                    }
                    default -> {
                    }
                }
            }
            node.forEach(child -> collect(child, names));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }

    private static void subVariables(String pattern, Set<String> names) {
        int i = 0;
        while ((i = pattern.indexOf("${", i)) >= 0) {
            int end = pattern.indexOf('}', i);
            if (end < 0) {
                return;
            }
            String name = pattern.substring(i + 2, end).strip();
            if (!name.startsWith("!")) {
                names.add(name.startsWith("AWS::") ? name : name.split("\\.", 2)[0]);
            }
            i = end + 1;
        }
    }
}
