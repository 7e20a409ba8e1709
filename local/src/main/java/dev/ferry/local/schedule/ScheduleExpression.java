package dev.ferry.local.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * An EventBridge {@code ScheduleExpression}: {@code rate(...)} or {@code cron(...)}, evaluated in UTC as
 * EventBridge does (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
 */
public sealed interface ScheduleExpression permits RateExpression, CronExpression {

    /** Parses {@code rate(...)} or {@code cron(...)}; anything else is an {@link InvalidScheduleExpressionException}. */
    static ScheduleExpression parse(String expression) {
        String text = expression.strip();
        if (text.startsWith("rate(") && text.endsWith(")")) {
            return RateExpression.parse(expression, text.substring(5, text.length() - 1));
        }
        if (text.startsWith("cron(") && text.endsWith(")")) {
            return CronExpression.parse(expression, text.substring(5, text.length() - 1));
        }
        throw new InvalidScheduleExpressionException(expression, "it is neither rate(...) nor cron(...)");
    }

    /**
     * The first fire time strictly after {@code time}. For a rate that is {@code time} plus the period, so
     * the fires of a rule started at {@code s} are {@code s + p, s + 2p, ...}: a rate starts when the rule is
     * created and first fires one period later. Empty when a cron expression has no later time (its years
     * are over).
     */
    Optional<Instant> nextAfter(Instant time);

    /** The expression as the template writes it. */
    String expression();
}
