package dev.ferry.local.dynamodb.wire;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The type of a request member, as the service model declares it. AWS's JSON deserializer (Coral) names
 * the Java type it expected when a value has another JSON type, so each shape knows that name.
 */
public sealed interface Shape {

    /** A string member ({@code java.lang.String}). */
    record Text() implements Shape {}

    /** A boolean member ({@code java.lang.Boolean}). */
    record Bool() implements Shape {}

    /** An integer or long member: {@code javaType} is {@code Integer} or {@code Long}. */
    record Whole(String javaType) implements Shape {}

    /** A base64 blob ({@code java.nio.ByteBuffer}). */
    record Blob() implements Shape {}

    /** A list of {@code member}. */
    record ListOf(Shape member) implements Shape {}

    /**
     * A map from strings to {@code value}; {@code valueType} is the Java type AWS names for the value in
     * "Unrecognized collection type java.util.Map&lt;java.lang.String, valueType&gt;".
     */
    record MapOf(Shape value, String valueType) implements Shape {}

    /** A structure of named members, in the order AWS reports their constraint violations. */
    record Struct(String name, List<Member> members) implements Shape {
        public Optional<Member> member(String memberName) {
            return members.stream().filter(m -> m.name().equals(memberName)).findFirst();
        }
    }

    /** A shape that refers to itself (AttributeValue holds lists and maps of AttributeValue). */
    record Recursive(Supplier<Shape> target) implements Shape {
        public Shape resolve() {
            return target.get();
        }
    }

    /** The shape behind a {@link Recursive} reference, or the shape itself. */
    static Shape resolved(Shape shape) {
        return shape instanceof Recursive r ? resolved(r.resolve()) : shape;
    }
}
