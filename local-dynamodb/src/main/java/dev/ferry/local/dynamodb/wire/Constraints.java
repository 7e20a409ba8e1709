package dev.ferry.local.dynamodb.wire;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What AWS's validation layer checks on one member before the operation runs, each failure becoming one
 * "Value ... at 'path' failed to satisfy constraint: ..." entry. Lengths count characters, list elements
 * or map entries; {@code keys} and {@code values} constrain a map's keys and its values' lengths.
 * {@code tableName} is the table-name rule (see {@link ConstraintCheck}), {@code echo} how the value is
 * printed in the message; {@code afterOthers} are checked on the same value only when every other constraint of
 * the request passed.
 */
public record Constraints(boolean notNull, OptionalInt minLength, OptionalInt maxLength, OptionalLong min,
                          OptionalLong max, Optional<String> pattern, List<String> enumValues,
                          Optional<Constraints> keys, Optional<Constraints> values, boolean tableName, Echo echo,
                          Optional<Constraints> afterOthers) {

    /** How a failing value is printed: Java's {@code toString} of AWS's model objects, or JSON. */
    public enum Echo { JAVA, JSON }

    public static final Constraints NONE = new Constraints(false, OptionalInt.empty(), OptionalInt.empty(),
            OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
            false, Echo.JAVA, Optional.empty());

    public static Constraints none() {
        return NONE;
    }

    public Constraints notNullable() {
        return new Constraints(true, minLength, maxLength, min, max, pattern, enumValues, keys, values, tableName, echo, afterOthers);
    }

    public Constraints length(int least, int most) {
        return new Constraints(notNull, OptionalInt.of(least), OptionalInt.of(most), min, max, pattern, enumValues, keys,
                values, tableName, echo, afterOthers);
    }

    public Constraints minLength(int least) {
        return new Constraints(notNull, OptionalInt.of(least), maxLength, min, max, pattern, enumValues, keys, values,
                tableName, echo, afterOthers);
    }

    public Constraints maxLength(int most) {
        return new Constraints(notNull, minLength, OptionalInt.of(most), min, max, pattern, enumValues, keys, values,
                tableName, echo, afterOthers);
    }

    public Constraints atLeast(long least) {
        return new Constraints(notNull, minLength, maxLength, OptionalLong.of(least), max, pattern, enumValues, keys,
                values, tableName, echo, afterOthers);
    }

    public Constraints atMost(long most) {
        return new Constraints(notNull, minLength, maxLength, min, OptionalLong.of(most), pattern, enumValues, keys,
                values, tableName, echo, afterOthers);
    }

    public Constraints matching(String regex) {
        return new Constraints(notNull, minLength, maxLength, min, max, Optional.of(regex), enumValues, keys, values,
                tableName, echo, afterOthers);
    }

    /** The allowed values, in the order AWS lists them in its message (not always the model's order). */
    public Constraints oneOf(String... allowed) {
        return new Constraints(notNull, minLength, maxLength, min, max, pattern, List.of(allowed), keys, values,
                tableName, echo, afterOthers);
    }

    public Constraints withKeys(Constraints keyConstraints) {
        return new Constraints(notNull, minLength, maxLength, min, max, pattern, enumValues, Optional.of(keyConstraints),
                values, tableName, echo, afterOthers);
    }

    public Constraints withValues(Constraints valueConstraints) {
        return new Constraints(notNull, minLength, maxLength, min, max, pattern, enumValues, keys,
                Optional.of(valueConstraints), tableName, echo, afterOthers);
    }

    public Constraints asTableName() {
        return new Constraints(notNull, minLength, maxLength, min, max, pattern, enumValues, keys, values, true, echo, afterOthers);
    }

    public Constraints echoedAs(Echo how) {
        return new Constraints(notNull, minLength, maxLength, min, max, pattern, enumValues, keys, values, tableName, how, afterOthers);
    }

    /** Adds constraints checked on this value only when every other constraint of the request passed. */
    public Constraints thenAfterOthers(Constraints later) {
        return new Constraints(notNull, minLength, maxLength, min, max, pattern, enumValues, keys, values, tableName, echo,
                Optional.of(later));
    }
}
