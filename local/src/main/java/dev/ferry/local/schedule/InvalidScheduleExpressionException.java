package dev.ferry.local.schedule;

/** A {@code ScheduleExpression} EventBridge would refuse; the message says what is wrong and how it is written. */
public final class InvalidScheduleExpressionException extends IllegalArgumentException {

    InvalidScheduleExpressionException(String expression, String problem) {
        super("Schedule expression '" + expression + "' is not valid: " + problem
                + ". EventBridge accepts rate(value unit), e.g. rate(5 minutes), or cron(minutes hours day-of-month"
                + " month day-of-week year), e.g. cron(0 3 ? * MON-FRI *); see"
                + " https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html");
    }
}
