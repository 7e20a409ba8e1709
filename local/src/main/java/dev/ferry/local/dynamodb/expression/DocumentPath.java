package dev.ferry.local.dynamodb.expression;

import java.util.List;

/**
 * A resolved document path such as {@code a.b[2].c}: a top-level attribute name followed by map keys
 * and list indexes.
 */
public record DocumentPath(List<Element> elements) {
    public sealed interface Element {}

    public record Key(String name) implements Element {}

    public record Index(int index) implements Element {}

    /** The top-level attribute this path starts at. */
    public String attribute() {
        return ((Key) elements.getFirst()).name();
    }
}
