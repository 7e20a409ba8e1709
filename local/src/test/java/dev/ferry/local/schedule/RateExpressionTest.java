package dev.ferry.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** rate(value unit) as https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html defines it. */
class RateExpressionTest {

    private static final Instant START = Instant.parse("2026-12-01T10:03:30Z");

    @ParameterizedTest
    @CsvSource({
            "rate(1 minute),  PT1M",
            "rate(5 minutes), PT5M",
            "rate(1 hour),    PT1H",
            "rate(12 hours),  PT12H",
            "rate(1 day),     PT24H",
            "rate(7 days),    PT168H"})
    void aRateFiresOnePeriodAfterTheRuleStartsAndEveryPeriodAfterThat(String expression, Duration period) {
        ScheduleExpression rate = ScheduleExpression.parse(expression);

        Instant first = rate.nextAfter(START).orElseThrow();
        assertThat(first).isEqualTo(START.plus(period));
        assertThat(rate.nextAfter(first)).contains(START.plus(period.multipliedBy(2)));
        assertThat(rate.expression()).isEqualTo(expression);
    }

    @Test
    void aRateKeepsTheSecondsOfItsStartUnlikeACron() {
        assertThat(ScheduleExpression.parse("rate(5 minutes)").nextAfter(START)).contains(Instant.parse("2026-12-01T10:08:30Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(1 minutes)", "rate(1 hours)", "rate(5 minute)", "rate(2 day)"})
    void theUnitIsSingularExactlyWhenTheValueIsOne(String expression) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(InvalidScheduleExpressionException.class)
                .hasMessageContaining(expression)
                .hasMessageContaining("unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(0 minutes)", "rate(-1 minutes)", "rate(30 seconds)", "rate(five minutes)",
            "rate(5)", "rate()", "every 5 minutes", "rate(5 weeks)"})
    void aValueThatIsNotAPositiveWholeNumberOrAnUnknownUnitIsRefusedWithTheAcceptedForms(String expression) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(InvalidScheduleExpressionException.class)
                .hasMessageContaining("rate(5 minutes)")
                .hasMessageContaining("eb-scheduled-rule-pattern");
    }
}
