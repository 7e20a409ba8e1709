package dev.ferry.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * cron(minutes hours day-of-month month day-of-week year) in UTC, as
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html defines it.
 * Calendar anchors: 2026-12-01 is a Tuesday; 2028 is a leap year.
 */
class CronExpressionTest {

    private static Instant next(String expression, String after) {
        return ScheduleExpression.parse(expression).nextAfter(Instant.parse(after)).orElseThrow();
    }

    private static List<Instant> fires(String expression, String after, int count) {
        ScheduleExpression cron = ScheduleExpression.parse(expression);
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < count; i++) {
            t = cron.nextAfter(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // The examples of EventBridge's documentation.
            "cron(0 10 * * ? *)            | 2026-12-01T09:59:30Z | 2026-12-01T10:00:00Z",
            "cron(0 10 * * ? *)            | 2026-12-01T10:00:00Z | 2026-12-02T10:00:00Z",
            "cron(15 12 * * ? *)           | 2026-12-01T12:15:59Z | 2026-12-02T12:15:00Z",
            "cron(0 18 ? * MON-FRI *)      | 2026-12-04T18:00:00Z | 2026-12-07T18:00:00Z",
            "cron(0 8 1 * ? *)             | 2026-12-01T08:00:00Z | 2027-01-01T08:00:00Z",
            "cron(0/15 * * * ? *)          | 2026-12-01T10:07:00Z | 2026-12-01T10:15:00Z",
            "cron(0/10 * ? * MON-FRI *)    | 2026-12-04T23:55:00Z | 2026-12-07T00:00:00Z",
            "cron(0/5 8-17 ? * MON-FRI *)  | 2026-12-04T17:55:00Z | 2026-12-07T08:00:00Z",
            "cron(0 9 ? * 2#1 *)           | 2026-12-01T00:00:00Z | 2026-12-07T09:00:00Z",
            // Increments start at their base: 1/10 is minutes 1, 11, 21, ...
            "cron(1/10 * * * ? *)          | 2026-12-01T10:02:00Z | 2026-12-01T10:11:00Z",
            // Month names and lists.
            "cron(0 0 1 JAN,JUL ? *)       | 2026-12-01T00:00:00Z | 2027-01-01T00:00:00Z",
            "cron(0 0 1 JAN,JUL ? *)       | 2027-01-01T00:00:00Z | 2027-07-01T00:00:00Z",
            // Years bound the schedule.
            "cron(0 0 1 1 ? 2030-2031)     | 2026-12-01T00:00:00Z | 2030-01-01T00:00:00Z"})
    void nextFireTimeIsTheFirstMatchingMinuteStrictlyAfterTheGivenTime(String expression, String after, String expected) {
        assertThat(next(expression, after)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void dayOfWeekNumbersRunFromSundayOneToSaturdaySeven() {
        assertThat(next("cron(0 12 ? * 1 *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-06T12:00:00Z");
        assertThat(next("cron(0 12 ? * SUN *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-06T12:00:00Z");
        assertThat(next("cron(0 12 ? * 2 *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-07T12:00:00Z");
        assertThat(next("cron(0 12 ? * 7 *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-05T12:00:00Z");
        assertThat(next("cron(0 12 ? * SAT *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-05T12:00:00Z");
        assertThat(next("cron(0 12 ? * 3 *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-01T12:00:00Z");
    }

    @Test
    void aWrappingHourRangeRunsAcrossMidnightOnTheListedDaysOnly() {
        // EventBridge's example: every 30 minutes, Monday to Friday, 20:00 to 02:00 (UTC).
        assertThat(fires("cron(0/30 20-2 ? * MON-FRI *)", "2026-12-04T22:45:00Z", 7)).containsExactly(
                Instant.parse("2026-12-04T23:00:00Z"), Instant.parse("2026-12-04T23:30:00Z"),
                // Saturday and Sunday mornings do not match MON-FRI; Monday's early hours do.
                Instant.parse("2026-12-07T00:00:00Z"), Instant.parse("2026-12-07T00:30:00Z"),
                Instant.parse("2026-12-07T01:00:00Z"), Instant.parse("2026-12-07T01:30:00Z"),
                Instant.parse("2026-12-07T02:00:00Z"));
        assertThat(next("cron(0/30 20-2 ? * MON-FRI *)", "2026-12-07T02:30:00Z")).isEqualTo("2026-12-07T20:00:00Z");
    }

    @Test
    void aWrappingDayOfWeekRangeCoversTheWeekend() {
        assertThat(fires("cron(0 6 ? * FRI-MON *)", "2026-12-01T00:00:00Z", 4)).containsExactly(
                Instant.parse("2026-12-04T06:00:00Z"), Instant.parse("2026-12-05T06:00:00Z"),
                Instant.parse("2026-12-06T06:00:00Z"), Instant.parse("2026-12-07T06:00:00Z"));
    }

    @Test
    void lInDayOfMonthIsTheLastDayOfEachMonthLeapYearsIncluded() {
        assertThat(fires("cron(0 0 L * ? *)", "2027-01-15T00:00:00Z", 3)).containsExactly(
                Instant.parse("2027-01-31T00:00:00Z"), Instant.parse("2027-02-28T00:00:00Z"), Instant.parse("2027-03-31T00:00:00Z"));
        assertThat(next("cron(0 0 L * ? *)", "2028-02-01T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
    }

    @Test
    void lAloneInDayOfWeekIsTheLastDayOfTheWeekSaturday() {
        assertThat(next("cron(0 0 ? * L *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-05T00:00:00Z");
    }

    @Test
    void aDayFollowedByLInDayOfWeekIsThatDaysLastOccurrenceInTheMonth() {
        // December 2026 ends on a Thursday: its last Friday is the 25th, its last Thursday the 31st.
        assertThat(next("cron(0 9 ? * 6L *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-25T09:00:00Z");
        assertThat(next("cron(0 9 ? * THUL *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-31T09:00:00Z");
    }

    @Test
    void hashPicksTheNthSuchDayOfTheMonthAndSkipsMonthsWithoutOne() {
        assertThat(next("cron(0 9 ? * 3#2 *)", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-08T09:00:00Z");
        // The first month after December 2026 with five Mondays is March 2027.
        assertThat(next("cron(0 9 ? * 2#5 *)", "2026-12-01T00:00:00Z")).isEqualTo("2027-03-29T09:00:00Z");
    }

    @Test
    void wIsTheWeekdayNearestTheGivenDayWithoutLeavingTheMonth() {
        // 15 August 2026 is a Saturday -> Friday 14th; 15 November 2026 a Sunday -> Monday 16th.
        assertThat(next("cron(0 9 15W * ? *)", "2026-08-01T00:00:00Z")).isEqualTo("2026-08-14T09:00:00Z");
        assertThat(next("cron(0 9 15W * ? *)", "2026-11-01T00:00:00Z")).isEqualTo("2026-11-16T09:00:00Z");
        // 1 August 2026 is a Saturday: the nearest weekday in the month is Monday the 3rd, not Friday 31 July.
        assertThat(next("cron(0 9 1W * ? *)", "2026-07-31T12:00:00Z")).isEqualTo("2026-08-03T09:00:00Z");
        // 31 January 2027 is a Sunday: Friday the 29th, not Monday 1 February.
        assertThat(next("cron(0 9 31W * ? *)", "2027-01-02T00:00:00Z")).isEqualTo("2027-01-29T09:00:00Z");
        // February has no 31st: the next fire is in March (the 31st, a Wednesday).
        assertThat(next("cron(0 9 31W * ? *)", "2027-02-01T00:00:00Z")).isEqualTo("2027-03-31T09:00:00Z");
    }

    @Test
    void aCronWhoseYearsAreOverNeverFiresAgain() {
        assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2030)").nextAfter(Instant.parse("2030-01-01T00:00:00Z"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "cron(0 10 * * * *)        | exactly one of day-of-month and day-of-week must be ?",
            "cron(0 10 ? * ? *)        | exactly one of day-of-month and day-of-week must be ?",
            "cron(0 10 1 * MON *)      | exactly one of day-of-month and day-of-week must be ?",
            "cron(0 10 * * ?)          | six fields",
            "cron(0 10 * * ? * *)      | six fields",
            "cron(? 10 * * ? *)        | ? is only allowed in day-of-month and day-of-week",
            "cron(60 10 * * ? *)       | Minutes value 60 is outside 0-59",
            "cron(0 24 * * ? *)        | Hours value 24 is outside 0-23",
            "cron(0 0 32 * ? *)        | Day-of-month value 32 is outside 1-31",
            "cron(0 0 ? 13 MON *)      | Month value 13 is outside 1-12",
            "cron(0 0 ? * 0 *)         | Day-of-week value 0 is outside 1-7",
            "cron(0 0 ? * 8 *)         | Day-of-week value 8 is outside 1-7",
            "cron(0 0 ? * FUN *)       | Day-of-week value 'FUN' is not a number or one of SUN-SAT",
            "cron(0 0 1 * ? 2200)      | Year value 2200 is outside 1970-2199",
            "cron(0 0 ? * 3#1,6#3 *)   | with # the day-of-week field holds one expression only",
            "cron(0 0 ? * 3#6 *)       | the number after # must be 1-5",
            "cron(0 0 1-15W * ? *)     | W takes a single day of the month",
            "cron(0 0 ? * 2W *)        | W belongs to day-of-month",
            "cron(0 0 1,L * ? *)       | L and nW stand alone",
            "cron(0/0 0 1 * ? *)       | increment in '0/0' must be at least 1",
            "cron(0 0 1,,2 * ? *)      | empty list item"})
    void anExpressionEventBridgeWouldRefuseIsRefusedSayingWhy(String expression, String problem) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(InvalidScheduleExpressionException.class)
                .hasMessageContaining(expression)
                .hasMessageContaining(problem);
    }
}
