package dev.ferry.local.sns.filter;

import java.math.BigDecimal;

/**
 * One scalar value of a message a policy condition is compared with: a string, a number, a boolean or
 * JSON null. An array in the message (a {@code String.Array} attribute or a JSON array in the body)
 * contributes one candidate per element.
 */
public sealed interface Candidate {
    record Text(String value) implements Candidate {}

    record Num(BigDecimal value) implements Candidate {}

    record Bool(boolean value) implements Candidate {}

    record Null() implements Candidate {}
}
