package dev.ferry.local.sns;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of an AWS Query request ({@code Action=Publish&TopicArn=...}), with the flattened
 * structures the Query protocol uses: maps as {@code X.entry.N.key/value}, lists as {@code X.member.N}.
 */
final class QueryRequest {
    private final Map<String, String> params;

    private QueryRequest(Map<String, String> params) {
        this.params = params;
    }

    static QueryRequest parse(String... formEncodedParts) {
        Map<String, String> params = new HashMap<>();
        for (String form : formEncodedParts) {
            if (form == null || form.isEmpty()) {
                continue;
            }
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(key, value);
            }
        }
        return new QueryRequest(params);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(params.get(name));
    }

    String required(String name) {
        String value = params.get(name);
        if (value == null) {
            throw SnsException.invalidParameter(name + " Reason: no value for required parameter");
        }
        return value;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(params.getOrDefault(name, "false"));
    }

    /** {@code prefix.entry.N.key} / {@code prefix.entry.N.value} pairs, e.g. topic and subscription attributes. */
    Map<String, String> entries(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryRequest entry : groups(prefix + ".entry.")) {
            out.put(entry.required("key"), entry.optional("value").orElse(""));
        }
        return out;
    }

    /** {@code prefix.member.N.Key} / {@code .Value} pairs: tags. */
    Map<String, String> tags(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryRequest tag : groups(prefix + ".member.")) {
            out.put(tag.required("Key"), tag.optional("Value").orElse(""));
        }
        return out;
    }

    /** {@code prefix.member.N} values in order. */
    List<String> members(String prefix) {
        TreeMap<Integer, String> ordered = new TreeMap<>();
        String start = prefix + ".member.";
        params.forEach((k, v) -> {
            if (k.startsWith(start)) {
                try {
                    ordered.put(Integer.parseInt(k.substring(start.length())), v);
                } catch (NumberFormatException ignored) {
                    // not a plain member
                }
            }
        });
        return new ArrayList<>(ordered.values());
    }

    /** The structures under {@code prefixN.}, in index order, each as its own request. */
    List<QueryRequest> groups(String prefix) {
        TreeMap<Integer, Map<String, String>> groups = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.startsWith(prefix)) {
                return;
            }
            String rest = k.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                return;
            }
            try {
                int index = Integer.parseInt(rest.substring(0, dot));
                groups.computeIfAbsent(index, i -> new HashMap<>()).put(rest.substring(dot + 1), v);
            } catch (NumberFormatException ignored) {
                // not an indexed structure
            }
        });
        List<QueryRequest> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(new QueryRequest(g)));
        return out;
    }

    /** {@code prefix.entry.N.Name} with {@code .Value.DataType}, {@code .Value.StringValue}, {@code .Value.BinaryValue}. */
    Map<String, MessageAttribute> messageAttributes(String prefix) {
        Map<String, MessageAttribute> out = new LinkedHashMap<>();
        for (QueryRequest entry : groups(prefix + ".entry.")) {
            String name = entry.required("Name");
            Optional<byte[]> binary = entry.optional("Value.BinaryValue").map(b -> {
                try {
                    return Base64.getDecoder().decode(b);
                } catch (IllegalArgumentException e) {
                    throw SnsException.invalidParameterValue("The message attribute '" + name
                            + "' has a BinaryValue that is not valid Base64.");
                }
            });
            out.put(name, new MessageAttribute(entry.optional("Value.DataType").orElse(""),
                    entry.optional("Value.StringValue"), binary));
        }
        return out;
    }
}
