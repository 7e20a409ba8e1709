package dev.ferry.local.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Which days a cron expression fires on: the one of day-of-month and day-of-week that is not {@code ?}.
 * Days of the week are numbered as EventBridge numbers them, 1-7 = SUN-SAT.
 */
sealed interface DaySelector {

    boolean matches(LocalDate date);

    /** EventBridge's number of a day of the week: SUN = 1 ... SAT = 7. */
    static int eventBridgeDayOfWeek(DayOfWeek day) {
        return day.getValue() % 7 + 1;
    }

    /** Day-of-month values and ranges ({@code 1}, {@code 1-15}, {@code 1/5}, {@code *}). */
    record DaysOfMonth(CronField days) implements DaySelector {
        @Override
        public boolean matches(LocalDate date) {
            return days.contains(date.getDayOfMonth());
        }
    }

    /** {@code L} in day-of-month: the month's last day. */
    record LastDayOfMonth() implements DaySelector {
        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfMonth() == date.lengthOfMonth();
        }
    }

    /**
     * {@code nW}: the weekday closest to day {@code n}, never leaving the month (a Saturday the 1st moves to
     * Monday the 3rd, a Sunday on the last day to the Friday before). No fire in a month shorter than {@code n}.
     */
    record NearestWeekday(int day) implements DaySelector {
        @Override
        public boolean matches(LocalDate date) {
            if (day > date.lengthOfMonth()) {
                return false;
            }
            LocalDate target = date.withDayOfMonth(day);
            LocalDate weekday = switch (target.getDayOfWeek()) {
                case SATURDAY -> day == 1 ? target.plusDays(2) : target.minusDays(1);
                case SUNDAY -> day == target.lengthOfMonth() ? target.minusDays(2) : target.plusDays(1);
                default -> target;
            };
            return weekday.equals(date);
        }
    }

    /** Day-of-week values and ranges ({@code MON-FRI}, {@code 2,4}, {@code *}); {@code L} alone is 7, Saturday. */
    record DaysOfWeek(CronField days) implements DaySelector {
        @Override
        public boolean matches(LocalDate date) {
            return days.contains(eventBridgeDayOfWeek(date.getDayOfWeek()));
        }
    }

    /** {@code dL} in day-of-week: the month's last day {@code d}, e.g. {@code 6L} the last Friday. */
    record LastWeekdayOfMonth(int dayOfWeek) implements DaySelector {
        @Override
        public boolean matches(LocalDate date) {
            return eventBridgeDayOfWeek(date.getDayOfWeek()) == dayOfWeek
                    && date.plusWeeks(1).getMonth() != date.getMonth();
        }
    }

    /** {@code d#n}: the month's {@code n}-th day {@code d}, e.g. {@code 3#2} the second Tuesday. */
    record NthWeekdayOfMonth(int dayOfWeek, int nth) implements DaySelector {
        @Override
        public boolean matches(LocalDate date) {
            return eventBridgeDayOfWeek(date.getDayOfWeek()) == dayOfWeek && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
    }
}
