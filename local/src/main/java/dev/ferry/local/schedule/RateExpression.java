package dev.ferry.local.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rate(value unit)}: a positive whole number and minute(s), hour(s) or day(s), singular exactly when
 * the value is 1 (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html).
 */
public record RateExpression(String expression, long value, Duration period) implements ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d+)\\s+([a-z]+)\\s*");

    static RateExpression parse(String expression, String body) {
        Matcher m = RATE.matcher(body);
        if (!m.matches()) {
            throw new InvalidScheduleExpressionException(expression, "a rate is a whole number and a unit, e.g. rate(5 minutes)");
        }
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidScheduleExpressionException(expression, "the value " + m.group(1) + " is too large");
        }
        if (value < 1) {
            throw new InvalidScheduleExpressionException(expression, "the value must be a positive number");
        }
        String unit = m.group(2);
        Duration one = switch (unit) {
            case "minute", "minutes" -> Duration.ofMinutes(1);
            case "hour", "hours" -> Duration.ofHours(1);
            case "day", "days" -> Duration.ofDays(1);
            default -> throw new InvalidScheduleExpressionException(expression,
                    "the unit '" + unit + "' is not one of minute, minutes, hour, hours, day, days");
        };
        boolean plural = unit.endsWith("s");
        if (value == 1 && plural) {
            throw new InvalidScheduleExpressionException(expression, "a value of 1 takes a singular unit, e.g. rate(1 "
                    + unit.substring(0, unit.length() - 1) + ")");
        }
        if (value > 1 && !plural) {
            throw new InvalidScheduleExpressionException(expression, "a value above 1 takes a plural unit, e.g. rate("
                    + value + " " + unit + "s)");
        }
        return new RateExpression(expression.strip(), value, one.multipliedBy(value));
    }

    @Override
    public Optional<Instant> nextAfter(Instant time) {
        return Optional.of(time.plus(period));
    }

    @Override
    public String toString() {
        return expression;
    }
}
