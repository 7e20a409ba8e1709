package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.model.Value;
import java.util.List;
import java.util.Optional;

/** An operand of a condition or of an update's SET action. */
sealed interface Operand {

    /** A document path read from the item. */
    record Path(DocumentPath path) implements Operand {}

    /** A {@code :value} placeholder, already resolved. */
    record Literal(Value value) implements Operand {}

    /** A function call such as {@code size(a)} or {@code if_not_exists(a, :v)}. */
    record Call(String name, List<Operand> args) implements Operand {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code x + y} or {@code x - y} in a SET action. */
    record Arithmetic(boolean plus, Operand left, Operand right) implements Operand {}

    /**
     * The type known before any item is seen: a literal's own type, or what a function yields. Empty
     * when it depends on the item.
     */
    default Optional<String> staticType() {
        return switch (this) {
            case Literal l -> Optional.of(l.value().type());
            case Call c when c.name().equals("size") -> Optional.of("N");
            case Call c when c.name().equals("list_append") -> Optional.of("L");
            case Call c when c.name().equals("if_not_exists") && c.args().size() == 2 -> c.args().get(1).staticType();
            case Arithmetic a -> Optional.of("N");
            default -> Optional.empty();
        };
    }
}
