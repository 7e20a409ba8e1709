package dev.ferry.local.dynamodb.expression;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A resolved document path such as {@code a.b[2].c}: a top-level attribute name followed by map keys
 * and list indexes.
 */
public record DocumentPath(List<Element> elements) {
    public sealed interface Element {}

    public record Key(String name) implements Element {}

    public record Index(int index) implements Element {}

    public DocumentPath {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.getFirst() instanceof Key)) {
            throw new IllegalArgumentException("a document path starts with an attribute name: " + elements);
        }
    }

    /** The path of a top-level attribute. */
    public static DocumentPath of(String attribute) {
        return new DocumentPath(List.of(new Key(attribute)));
    }

    /** The top-level attribute this path starts at. */
    public String attribute() {
        return ((Key) elements.getFirst()).name();
    }

    /** True for a bare attribute name, without map keys or list indexes after it. */
    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** DynamoDB's rendering in error messages: {@code [a, b, [2], c]}. */
    public String display() {
        return elements.stream()
                .map(e -> switch (e) {
                    case Key k -> k.name();
                    case Index i -> "[" + i.index() + "]";
                })
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
