package dev.ferry.local.dynamodb.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value. Immutable; collections are unmodifiable and keep insertion order so
 * that responses are stable. Numbers are exact decimals kept in normalised form, which makes
 * {@code equals} mean what DynamoDB means by "equal" ({@code 1.0 = 1}).
 */
public sealed interface Value {

    /** The type descriptor DynamoDB uses on the wire and in {@code attribute_type}: S, N, B, SS, ... */
    String type();

    /** Size as DynamoDB accounts it for the 400 KB item limit (without the attribute name). */
    int sizeBytes();

    record S(String value) implements Value {
        public String type() { return "S"; }
        public int sizeBytes() { return utf8Length(value); }
    }

    record N(BigDecimal value) implements Value {
        public N {
            value = Numbers.normalise(value);
        }
        public static N parse(String text) { return new N(Numbers.parse(text)); }
        public String type() { return "N"; }
        public int sizeBytes() { return Numbers.sizeBytes(value); }
        /** The canonical text DynamoDB answers with: no exponent, no trailing zeros. */
        public String text() { return Numbers.format(value); }
    }

    record B(Bytes value) implements Value {
        public String type() { return "B"; }
        public int sizeBytes() { return value.length(); }
    }

    record Bool(boolean value) implements Value {
        public String type() { return "BOOL"; }
        public int sizeBytes() { return 1; }
    }

    record Null() implements Value {
        public String type() { return "NULL"; }
        public int sizeBytes() { return 1; }
    }

    record SS(Set<String> values) implements Value {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }
        public String type() { return "SS"; }
        public int sizeBytes() { return values.stream().mapToInt(Value::utf8Length).sum(); }
    }

    record NS(Set<BigDecimal> values) implements Value {
        public NS {
            var normalised = new LinkedHashSet<BigDecimal>();
            for (BigDecimal v : values) normalised.add(Numbers.normalise(v));
            values = Collections.unmodifiableSet(normalised);
        }
        public String type() { return "NS"; }
        public int sizeBytes() { return values.stream().mapToInt(Numbers::sizeBytes).sum(); }
    }

    record BS(Set<Bytes> values) implements Value {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }
        public String type() { return "BS"; }
        public int sizeBytes() { return values.stream().mapToInt(Bytes::length).sum(); }
    }

    record L(List<Value> values) implements Value {
        public L {
            values = List.copyOf(values);
        }
        public String type() { return "L"; }
        public int sizeBytes() { return 3 + values.stream().mapToInt(v -> v.sizeBytes() + 1).sum(); }
    }

    record M(Map<String, Value> values) implements Value {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
        public String type() { return "M"; }
        public int sizeBytes() {
            return 3 + values.entrySet().stream()
                    .mapToInt(e -> utf8Length(e.getKey()) + e.getValue().sizeBytes() + 1).sum();
        }
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * How many documents a value nests: 0 for a scalar or a set, 1 for a list or map of scalars, and so on. An
     * attribute counts as level 1 and DynamoDB stores up to 32 levels, so a value may nest at most
     * {@value #MAX_NESTING} deep (dynamodb-conformance tests/tier3/limits/nestingDepth.test.ts,
     * github.com/paritysuite/dynamodb-conformance, captured on DynamoDB 2026).
     */
    int MAX_NESTING = 31;

    static int nesting(Value v) {
        return switch (v) {
            case L l -> 1 + l.values().stream().mapToInt(Value::nesting).max().orElse(0);
            case M m -> 1 + m.values().values().stream().mapToInt(Value::nesting).max().orElse(0);
            default -> 0;
        };
    }

    /** True when some attribute of the item nests deeper than DynamoDB stores. */
    static boolean tooDeep(Map<String, Value> item) {
        return item.values().stream().anyMatch(v -> nesting(v) > MAX_NESTING);
    }

    /** Size of a whole item: attribute names plus values. */
    static int itemSize(Map<String, Value> item) {
        int total = 0;
        for (var e : item.entrySet()) total += utf8Length(e.getKey()) + e.getValue().sizeBytes();
        return total;
    }

    /** True for the types that {@code <}, {@code >} and BETWEEN accept and that keys may have. */
    static boolean isScalarKeyType(Value v) {
        return v instanceof S || v instanceof N || v instanceof B;
    }

    /**
     * Orders two values of the same scalar type as DynamoDB does: strings by UTF-8 bytes, numbers
     * numerically, binary unsigned. Callers check {@link #comparable} first.
     */
    static int compare(Value a, Value b) {
        return switch (a) {
            case S s when b instanceof S t -> compareUtf8(s.value(), t.value());
            case N n when b instanceof N m -> n.value().compareTo(m.value());
            case B x when b instanceof B y -> x.value().compareTo(y.value());
            default -> throw new IllegalArgumentException("values of types " + a.type() + " and " + b.type() + " are not ordered");
        };
    }

    /**
     * Orders strings as their UTF-8 bytes would be ordered, without encoding them (keys are compared on
     * every lookup). UTF-8 order is code point order; UTF-16 order differs from it only where a surrogate
     * (part of a code point above U+FFFF) meets a char at or above U+E000.
     */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) continue;
            boolean xs = Character.isSurrogate(x);
            boolean ys = Character.isSurrogate(y);
            if (xs != ys) return xs ? 1 : -1;
            return Character.compare(x, y);
        }
        return Integer.compare(a.length(), b.length());
    }

    static boolean comparable(Value a, Value b) {
        return isScalarKeyType(a) && a.getClass() == b.getClass();
    }
}
