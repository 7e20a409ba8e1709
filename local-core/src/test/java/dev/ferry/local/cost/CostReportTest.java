package dev.ferry.local.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostReportTest {
    private static final Instant AT = Instant.parse("2026-12-07T03:00:00Z");

    private static LedgerSnapshot snapshot(Duration running, Map<Usage, Long> counts) {
        return new LedgerSnapshot(AT, running, counts);
    }

    @Test
    void pricesEachMeterPerOrderPlacedInDollarsPerMillionOrders() {
        LedgerSnapshot counted = snapshot(Duration.ofMinutes(1), Map.of(
                new Usage(Meter.API_REQUESTS, LedgerSnapshot.ORDER_PLACED), 2L,
                new Usage(Meter.API_REQUESTS, "GET /orders/{id} 200"), 2L,
                new Usage(Meter.DYNAMODB_WRITE_UNITS, "orders"), 8L,
                new Usage(Meter.DYNAMODB_READ_UNITS, "orders"), 3L, // 1.5 RRU
                new Usage(Meter.LAMBDA_DURATION, "OrdersApi"), 2L * 1024 * 500)); // 1 GB-second

        CostReport report = CostReport.of(counted, PriceTable.usEast1());

        assertThat(report.orders()).isEqualTo(2);
        // 2 API requests per order at $3.50 per million: $7 per million orders
        assertThat(line(report, Meter.API_REQUESTS).unitsPerOrder()).isEqualTo(2);
        assertThat(line(report, Meter.API_REQUESTS).dollarsPerMillionOrders()).isCloseTo(7.0, within(1e-9));
        // 4 WRU per order at $0.625 per million
        assertThat(line(report, Meter.DYNAMODB_WRITE_UNITS).dollarsPerMillionOrders()).isCloseTo(2.5, within(1e-9));
        // 0.75 RRU per order at $0.125 per million
        assertThat(line(report, Meter.DYNAMODB_READ_UNITS).unitsPerOrder()).isEqualTo(0.75);
        // half a GB-second per order on arm64
        assertThat(line(report, Meter.LAMBDA_DURATION).dollarsPerMillionOrders()).isCloseTo(0.5 * 0.0000133334 * 1e6, within(1e-6));
        assertThat(report.dollarsPerMillionOrders()).isCloseTo(7.0 + 2.5 + 0.75 * 0.125 + 6.6667, within(1e-3));
        assertThat(report.render()).contains("orders placed: 2").contains("REST API requests").contains("GET /orders/{id} 200");
    }

    @Test
    void theConsolesReportCarriesTheTotalAndOneRowPerMeterOfAnOrder() {
        LedgerSnapshot counted = snapshot(Duration.ofMinutes(1), Map.of(
                new Usage(Meter.API_REQUESTS, LedgerSnapshot.ORDER_PLACED), 2L,
                new Usage(Meter.DYNAMODB_WRITE_UNITS, "orders"), 8L));

        var doc = CostReport.of(counted, PriceTable.usEast1()).toJson();

        assertThat(doc.get("orders placed").asLong()).isEqualTo(2);
        assertThat(doc.get("$ per million orders").asDouble()).isCloseTo(3.5 + 2.5, within(1e-4));
        assertThat(doc.get("per order")).hasSize(2);
        assertThat(doc.get("per order").findValuesAsText("kind")).containsExactlyInAnyOrder("REST API requests", "write request units");
    }

    @Test
    void shardHoursAndIdlePollingAreMonthlyCostsNotCostsPerOrder() {
        LedgerSnapshot counted = snapshot(Duration.ofHours(1), Map.of(
                new Usage(Meter.API_REQUESTS, LedgerSnapshot.ORDER_PLACED), 1L,
                new Usage(Meter.KINESIS_SHARD_HOURS, "provisioned shards"), 2L * 3600,
                new Usage(Meter.SQS_EMPTY_RECEIVES, "dev-payments ReceiveMessage"), 1000L));

        CostReport report = CostReport.of(counted, PriceTable.usEast1());

        assertThat(report.perOrder()).extracting(CostReport.Line::meter).containsExactly(Meter.API_REQUESTS);
        CostReport.RunningLine shards = report.running().stream().filter(l -> l.meter() == Meter.KINESIS_SHARD_HOURS).findFirst().orElseThrow();
        // two shards for an hour: 2 shard-hours an hour, 730 hours a month at $0.015
        assertThat(shards.unitsPerHour()).isEqualTo(2.0);
        assertThat(shards.dollarsPerMonth()).isCloseTo(2 * 730 * 0.015, within(1e-9));
    }

    @Test
    void aSnapshotLessAnEarlierOneIsWhatWasCountedInBetweenAndSurvivesJson() {
        LedgerSnapshot before = snapshot(Duration.ofSeconds(10), Map.of(new Usage(Meter.LAMBDA_REQUESTS, "OrdersApi"), 3L));
        LedgerSnapshot after = new LedgerSnapshot(AT.plusSeconds(5), Duration.ofSeconds(15), Map.of(
                new Usage(Meter.LAMBDA_REQUESTS, "OrdersApi"), 4L, new Usage(Meter.SNS_PUBLISHES, "domain-events"), 2L));

        LedgerSnapshot between = after.since(before);

        assertThat(between.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                new Usage(Meter.LAMBDA_REQUESTS, "OrdersApi"), 1L, new Usage(Meter.SNS_PUBLISHES, "domain-events"), 2L));
        assertThat(between.running()).isEqualTo(Duration.ofSeconds(5));
        assertThat(LedgerSnapshot.fromJson(after.toJson())).isEqualTo(after);
    }

    @Test
    void everyMeterHasAPriceCitingItsAwsPricingPage() {
        PriceTable table = PriceTable.usEast1();
        for (Meter meter : Meter.values()) {
            assertThat(table.price(meter).source()).startsWith("https://aws.amazon.com/");
        }
        assertThat(table.readOn()).hasToString("2026-12-07");
    }

    private static CostReport.Line line(CostReport report, Meter meter) {
        return report.perOrder().stream().filter(l -> l.meter() == meter).findFirst().orElseThrow();
    }
}
