package dev.ferry.local.sns.filter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

/** One element of a policy key's array: the key matches when any of its conditions matches. */
sealed interface Condition {

    /** Whether this condition accepts the key's values; {@code values} is empty when the key is absent. */
    boolean matches(List<Candidate> values, boolean present);

    /** SNS compares numbers with five digits after the decimal point. */
    static BigDecimal normalize(BigDecimal number) {
        return number.setScale(5, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    record ExactText(String value) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Text t && t.value().equals(value));
        }
    }

    record ExactNumber(BigDecimal value) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Num n && normalize(n.value()).compareTo(value) == 0);
        }
    }

    record ExactBoolean(boolean value) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Bool b && b.value() == value);
        }
    }

    record ExactNull() implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Null);
        }
    }

    record Prefix(String prefix) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Text t && t.value().startsWith(prefix));
        }
    }

    record Suffix(String suffix) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Text t && t.value().endsWith(suffix));
        }
    }

    record EqualsIgnoreCase(String value) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Text t && t.value().equalsIgnoreCase(value));
        }
    }

    /** {@code exists: true} accepts any present value; {@code exists: false} only an absent key. */
    record Exists(boolean expected) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return present == expected;
        }
    }

    /**
     * {@code anything-but} with listed strings and numbers: accepts a message whose key carries at least
     * one value that is none of them (for arrays: one element suffices, as SNS documents for
     * {@code String.Array}). An absent key is not accepted.
     */
    record AnythingBut(Set<String> texts, Set<BigDecimal> numbers) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> switch (c) {
                case Candidate.Text t -> !texts.contains(t.value());
                case Candidate.Num n -> !numbers.contains(normalize(n.value()));
                case Candidate.Bool b -> true;
                case Candidate.Null n -> true;
            });
        }
    }

    record AnythingButPrefix(String prefix) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Text t && !t.value().startsWith(prefix));
        }
    }

    record AnythingButSuffix(String suffix) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Text t && !t.value().endsWith(suffix));
        }
    }

    /** A numeric comparison: an exact value ({@code =}) or a range with optional open or closed ends. */
    record NumericRange(BigDecimal lower, boolean lowerInclusive, BigDecimal upper, boolean upperInclusive)
            implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Num n && inRange(normalize(n.value())));
        }

        private boolean inRange(BigDecimal number) {
            if (lower != null) {
                int cmp = number.compareTo(lower);
                if (cmp < 0 || (cmp == 0 && !lowerInclusive)) {
                    return false;
                }
            }
            if (upper != null) {
                int cmp = number.compareTo(upper);
                return cmp < 0 || (cmp == 0 && upperInclusive);
            }
            return true;
        }
    }

    record Cidr(CidrBlock block) implements Condition {
        @Override
        public boolean matches(List<Candidate> values, boolean present) {
            return values.stream().anyMatch(c -> c instanceof Candidate.Text t && block.contains(t.value()));
        }
    }
}
