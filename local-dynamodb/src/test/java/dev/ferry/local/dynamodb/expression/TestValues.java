package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.model.Bytes;
import dev.ferry.local.dynamodb.model.Value;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short builders for attribute values and items, so tests read like the items they describe. */
final class TestValues {
    private TestValues() {}

    static Value.S s(String v) {
        return new Value.S(v);
    }

    static Value.N n(String v) {
        return Value.N.parse(v);
    }

    static Value.N n(long v) {
        return new Value.N(BigDecimal.valueOf(v));
    }

    static Value.B b(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) data[i] = (byte) bytes[i];
        return new Value.B(Bytes.of(data));
    }

    static Value.Bool bool(boolean v) {
        return new Value.Bool(v);
    }

    static Value.Null nul() {
        return new Value.Null();
    }

    static Value.SS ss(String... v) {
        return new Value.SS(new LinkedHashSet<>(Arrays.asList(v)));
    }

    static Value.NS ns(long... v) {
        LinkedHashSet<BigDecimal> set = new LinkedHashSet<>();
        for (long x : v) set.add(BigDecimal.valueOf(x));
        return new Value.NS(set);
    }

    static Value.BS bs(Value.B... v) {
        LinkedHashSet<Bytes> set = new LinkedHashSet<>();
        for (Value.B x : v) set.add(x.value());
        return new Value.BS(set);
    }

    static Value.L l(Value... v) {
        return new Value.L(List.of(v));
    }

    /** A map value from alternating names and values: {@code m("a", n(1), "b", s("x"))}. */
    static Value.M m(Object... pairs) {
        return new Value.M(map(pairs));
    }

    /** An item from alternating names and values. */
    static Map<String, Value> item(Object... pairs) {
        return map(pairs);
    }

    private static Map<String, Value> map(Object... pairs) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put((String) pairs[i], (Value) pairs[i + 1]);
        return out;
    }

    /** A context with the given placeholders: {@code values(":a", n(1), ":b", s("x"))}. */
    static ExpressionContext values(Object... pairs) {
        return new ExpressionContext(Map.of(), map(pairs));
    }

    static ExpressionContext context(Map<String, String> names, Object... valuePairs) {
        return new ExpressionContext(names, map(valuePairs));
    }

    /** Asserts a ValidationException with exactly DynamoDB's message. */
    static AbstractThrowableAssert<?, ? extends Throwable> failsWith(ThrowingCallable call, String message) {
        return Assertions.assertThatThrownBy(call)
                .isInstanceOf(ApiException.class)
                .hasMessage(message)
                .satisfies(e -> Assertions.assertThat(((ApiException) e).code()).isEqualTo("ValidationException"));
    }
}
