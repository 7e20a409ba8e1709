package dev.ferry.local.dynamodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS's member validation, run on a request that passed the {@link TypeCheck}: every member constraint of
 * the operation is checked, member by member in the order AWS reports them, and every failure is reported
 * in one message, "N validation errors detected: Value 'x' at 'path' failed to satisfy constraint: ...; ...",
 * at most ten of them (dynalite test/createTable.js "more than five empty GlobalSecondaryIndexes" shows the
 * cut at ten). Paths name members with a lower-case first letter, list elements as {@code keySchema.1.member}
 * (counting from one) and map values as {@code requestItems.TABLE.member}.
 */
public final class ConstraintCheck {
    static final int MAX_REPORTED = 10;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final List<String> failures = new ArrayList<>();
    private final boolean deferredPass;

    private ConstraintCheck(boolean deferredPass) {
        this.deferredPass = deferredPass;
    }

    /** Throws a ValidationException listing the failed constraints of {@code request}, if any failed. */
    public static void check(JsonNode request, Shape.Struct input) {
        for (boolean deferred : new boolean[] {false, true}) {
            ConstraintCheck pass = new ConstraintCheck(deferred);
            pass.members(request, input, "");
            if (!pass.failures.isEmpty()) throw pass.failure();
        }
    }

    private ApiException failure() {
        List<String> reported = failures.subList(0, Math.min(MAX_REPORTED, failures.size()));
        return ApiException.validation(reported.size() + " validation error" + (reported.size() == 1 ? "" : "s")
                + " detected: " + String.join("; ", reported));
    }

    private void members(JsonNode struct, Shape.Struct shape, String parent) {
        for (Member m : shape.members()) {
            String path = parent.isEmpty() ? ValueEcho.lowerFirst(m.name()) : parent + "." + ValueEcho.lowerFirst(m.name());
            member(Optional.ofNullable(struct.get(m.name())), m.shape(), m.constraints(), path);
        }
    }

    private void member(Optional<JsonNode> value, Shape shape, Constraints c, String path) {
        if (!deferredPass) {
            own(value, shape, c, path);
        } else {
            c.afterOthers().ifPresent(later -> own(value, shape, later, path));
        }
        value.ifPresent(v -> children(v, shape, path));
    }

    private void own(Optional<JsonNode> value, Shape shape, Constraints c, String path) {
        if (value.isEmpty()) {
            if (c.notNull()) failures.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
            return;
        }
        JsonNode v = value.get();
        String echo = ValueEcho.of(v, shape, c.echo());
        if (c.tableName() && v.isTextual()) {
            tableName(v.textValue(), echo, path);
            return;
        }
        if (!c.enumValues().isEmpty() && !c.enumValues().contains(v.asText())) {
            fail(echo, path, "Member must satisfy enum value set: [" + String.join(", ", c.enumValues()) + "]");
        }
        c.pattern().ifPresent(p -> {
            if (v.isTextual() && !Pattern.matches(p, v.textValue())) fail(echo, path, "Member must satisfy regular expression pattern: " + p);
        });
        int length = length(v);
        c.minLength().ifPresent(min -> {
            if (length < min) fail(echo, path, "Member must have length greater than or equal to " + min);
        });
        c.maxLength().ifPresent(max -> {
            if (length > max) fail(echo, path, "Member must have length less than or equal to " + max);
        });
        if (v.isNumber()) {
            c.min().ifPresent(min -> {
                if (v.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(min)) < 0) {
                    fail(echo, path, "Member must have value greater than or equal to " + min);
                }
            });
            c.max().ifPresent(max -> {
                if (v.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
                    fail(echo, path, "Member must have value less than or equal to " + max);
                }
            });
        }
        if (v.isObject()) {
            c.keys().ifPresent(k -> {
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    if (!keyPasses(e.getKey(), k)) fail(echo, path, "Map keys must satisfy constraint: [" + describe(k) + "]");
                }
            });
            c.values().ifPresent(vc -> {
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    int n = length(e.getValue());
                    if (vc.minLength().isPresent() && n < vc.minLength().getAsInt()
                            || vc.maxLength().isPresent() && n > vc.maxLength().getAsInt()) {
                        fail(echo, path, "Map value must satisfy constraint: [" + describe(vc) + "]");
                    }
                }
            });
        }
    }

    /**
     * TableName accepts a name or a table ARN (1 to 1024 characters, service model shape {@code TableArn});
     * a name must also match the table-name pattern and be 3 to 255 characters long. An empty name fails the
     * first rule only (dynamodb-conformance tests/tier3/validation-ordering/updateItem.test.ts), a short one the
     * second ("Value 'ab' at 'tableName' ... greater than or equal to 3", error-messages/createTable.test.ts).
     */
    private void tableName(String name, String echo, String path) {
        if (name.isEmpty()) {
            fail(echo, path, "Member must have length greater than or equal to 1");
            return;
        }
        if (name.length() > 1024) {
            fail(echo, path, "Member must have length less than or equal to 1024");
            return;
        }
        if (!NAME.matcher(name).matches()) fail(echo, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        if (name.length() < 3) fail(echo, path, "Member must have length greater than or equal to 3");
        if (name.length() > 255) fail(echo, path, "Member must have length less than or equal to 255");
    }

    private void children(JsonNode value, Shape shape, String path) {
        switch (Shape.resolved(shape)) {
            case Shape.Struct s -> {
                if (value.isObject()) members(value, s, path);
            }
            case Shape.ListOf l -> {
                Constraints none = Constraints.none();
                int i = 1;
                for (JsonNode e : value) member(Optional.of(e), l.member(), none, path + "." + i++ + ".member");
            }
            case Shape.MapOf m -> {
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    member(Optional.of(e.getValue()), m.value(), Constraints.none(), path + "." + e.getKey() + ".member");
                }
            }
            default -> { }
        }
    }

    private static boolean keyPasses(String key, Constraints k) {
        if (k.maxLength().isPresent() && key.length() > k.maxLength().getAsInt()) return false;
        if (k.minLength().isPresent() && key.length() < k.minLength().getAsInt()) return false;
        return k.pattern().map(p -> Pattern.matches(p, key)).orElse(true);
    }

    /** A map's key or value constraints as AWS lists them: maximum length, minimum length, pattern. */
    private static String describe(Constraints c) {
        List<String> parts = new ArrayList<>();
        c.maxLength().ifPresent(max -> parts.add("Member must have length less than or equal to " + max));
        c.minLength().ifPresent(min -> parts.add("Member must have length greater than or equal to " + min));
        c.pattern().ifPresent(p -> parts.add("Member must satisfy regular expression pattern: " + p));
        return String.join(", ", parts);
    }

    private static int length(JsonNode v) {
        if (v.isTextual()) return v.textValue().length();
        if (v.isArray() || v.isObject()) return v.size();
        return 0;
    }

    private void fail(String echo, String path, String constraint) {
        failures.add("Value '" + echo + "' at '" + path + "' failed to satisfy constraint: " + constraint);
    }
}
