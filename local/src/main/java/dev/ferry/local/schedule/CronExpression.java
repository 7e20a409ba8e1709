package dev.ferry.local.schedule;

import dev.ferry.local.schedule.CronField.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code cron(minutes hours day-of-month month day-of-week year)} in UTC, with EventBridge's wildcards:
 * {@code , - * /} everywhere, {@code ?} in exactly one of day-of-month and day-of-week, {@code L} and
 * {@code nW} in day-of-month, {@code L}, {@code dL} and {@code d#n} in day-of-week (1-7 = SUN-SAT)
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
 */
public final class CronExpression implements ScheduleExpression {

    private final String expression;
    private final CronField minutes;
    private final CronField hours;
    private final DaySelector days;
    private final CronField months;
    private final CronField years;

    private CronExpression(String expression, CronField minutes, CronField hours, DaySelector days, CronField months,
                           CronField years) {
        this.expression = expression;
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.years = years;
    }

    static CronExpression parse(String expression, String body) {
        String[] fields = body.strip().split("\\s+");
        if (fields.length != 6) {
            throw new InvalidScheduleExpressionException(expression, "a cron expression has six fields (minutes hours"
                    + " day-of-month month day-of-week year), this one has " + fields.length);
        }
        String dayOfMonth = fields[2];
        String dayOfWeek = fields[4];
        boolean anyMonthDay = dayOfMonth.equals("?");
        boolean anyWeekDay = dayOfWeek.equals("?");
        if (anyMonthDay == anyWeekDay) {
            throw new InvalidScheduleExpressionException(expression, "exactly one of day-of-month and day-of-week must be ?"
                    + " (EventBridge cannot combine them), e.g. cron(0 8 1 * ? *) or cron(0 8 ? * MON *)");
        }
        for (int i : new int[] {0, 1, 3, 5}) {
            if (fields[i].contains("?")) {
                throw new InvalidScheduleExpressionException(expression, "? is only allowed in day-of-month and day-of-week");
            }
        }
        DaySelector days = anyMonthDay ? dayOfWeek(dayOfWeek, expression) : dayOfMonth(dayOfMonth, expression);
        return new CronExpression(expression.strip(), CronField.parse(Kind.MINUTES, fields[0], expression),
                CronField.parse(Kind.HOURS, fields[1], expression), days,
                CronField.parse(Kind.MONTH, fields[3], expression), CronField.parse(Kind.YEAR, fields[5], expression));
    }

    private static DaySelector dayOfMonth(String field, String expression) {
        if (field.equals("L")) {
            return new DaySelector.LastDayOfMonth();
        }
        if (field.endsWith("W")) {
            String day = field.substring(0, field.length() - 1);
            if (day.contains(",") || day.contains("-") || day.contains("/") || day.equals("*") || day.equals("L")) {
                throw new InvalidScheduleExpressionException(expression, "W takes a single day of the month, e.g. 15W, not '" + field + "'");
            }
            return new DaySelector.NearestWeekday(Kind.DAY_OF_MONTH.value(day, expression));
        }
        if (field.contains("L") || field.contains("W") || field.contains("#")) {
            throw new InvalidScheduleExpressionException(expression, "day-of-month '" + field
                    + "': L and nW stand alone in the field, and # belongs to day-of-week");
        }
        return new DaySelector.DaysOfMonth(CronField.parse(Kind.DAY_OF_MONTH, field, expression));
    }

    private static DaySelector dayOfWeek(String field, String expression) {
        if (field.equals("L")) {
            // L alone is the last day of the week: Saturday (7).
            return new DaySelector.DaysOfWeek(CronField.parse(Kind.DAY_OF_WEEK, "7", expression));
        }
        int hash = field.indexOf('#');
        if (hash >= 0) {
            if (field.contains(",")) {
                throw new InvalidScheduleExpressionException(expression, "with # the day-of-week field holds one expression"
                        + " only; '" + field + "' is several");
            }
            int day = Kind.DAY_OF_WEEK.value(field.substring(0, hash), expression);
            int nth;
            try {
                nth = Integer.parseInt(field.substring(hash + 1));
            } catch (NumberFormatException e) {
                nth = 0;
            }
            if (nth < 1 || nth > 5) {
                throw new InvalidScheduleExpressionException(expression, "in '" + field + "' the number after # must be 1-5"
                        + " (the n-th such day of the month)");
            }
            return new DaySelector.NthWeekdayOfMonth(day, nth);
        }
        if (field.endsWith("L")) {
            String day = field.substring(0, field.length() - 1);
            if (day.contains(",") || day.contains("-") || day.contains("/") || day.equals("*")) {
                throw new InvalidScheduleExpressionException(expression, "dL takes a single day of the week, e.g. 6L (the"
                        + " last Friday), not '" + field + "'");
            }
            return new DaySelector.LastWeekdayOfMonth(Kind.DAY_OF_WEEK.value(day, expression));
        }
        if (field.contains("W")) {
            throw new InvalidScheduleExpressionException(expression, "W belongs to day-of-month, not day-of-week ('" + field + "')");
        }
        return new DaySelector.DaysOfWeek(CronField.parse(Kind.DAY_OF_WEEK, field, expression));
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    @Override
    public Optional<Instant> nextAfter(Instant time) {
        LocalDateTime from = LocalDateTime.ofInstant(time, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate date = from.toLocalDate();
        boolean firstDay = true;
        while (date.getYear() <= Kind.YEAR.max) {
            if (!years.contains(date.getYear())) {
                int year = years.next(date.getYear() + 1);
                if (year < 0) {
                    return Optional.empty();
                }
                date = LocalDate.of(year, 1, 1);
                firstDay = false;
                continue;
            }
            if (!months.contains(date.getMonthValue())) {
                date = date.withDayOfMonth(1).plusMonths(1);
                firstDay = false;
                continue;
            }
            if (days.matches(date)) {
                Optional<LocalDateTime> at = timeOn(date, firstDay ? from.getHour() : 0, firstDay ? from.getMinute() : 0);
                if (at.isPresent()) {
                    return at.map(t -> t.toInstant(ZoneOffset.UTC));
                }
            }
            date = date.plusDays(1);
            firstDay = false;
        }
        return Optional.empty();
    }

    /** The first allowed hour:minute on {@code date} at or after {@code hour}:{@code minute}. */
    private Optional<LocalDateTime> timeOn(LocalDate date, int hour, int minute) {
        for (int h = hours.next(hour); h >= 0; h = hours.next(h + 1)) {
            int m = minutes.next(h == hour ? minute : 0);
            if (m >= 0) {
                return Optional.of(date.atTime(h, m));
            }
        }
        return Optional.empty();
    }
}
