package dev.ferry.local.cost;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BillingUnitsTest {

    @Test
    void aWriteCostsOneUnitPerKilobyteStarted() {
        assertThat(BillingUnits.writeUnits(0)).isEqualTo(1);
        assertThat(BillingUnits.writeUnits(1)).isEqualTo(1);
        assertThat(BillingUnits.writeUnits(1024)).isEqualTo(1);
        assertThat(BillingUnits.writeUnits(1025)).isEqualTo(2);
        assertThat(BillingUnits.writeUnits(3 * 1024)).isEqualTo(3);
    }

    @Test
    void aReadCostsOneUnitPerFourKilobytesStartedAndHalfWhenEventuallyConsistent() {
        // counted in halves: 2 = one read request unit
        assertThat(BillingUnits.readHalfUnits(100, true)).isEqualTo(2);
        assertThat(BillingUnits.readHalfUnits(100, false)).isEqualTo(1);
        assertThat(BillingUnits.readHalfUnits(4096, true)).isEqualTo(2);
        assertThat(BillingUnits.readHalfUnits(4097, true)).isEqualTo(4);
        assertThat(BillingUnits.readHalfUnits(8 * 1024, false)).isEqualTo(2);
        assertThat(BillingUnits.readHalfUnits(0, false)).isEqualTo(1);
    }

    @Test
    void aQueueOrTopicRequestCountsOncePerSixtyFourKilobytesStarted() {
        assertThat(BillingUnits.messageRequests(0)).isEqualTo(1);
        assertThat(BillingUnits.messageRequests(64 * 1024)).isEqualTo(1);
        assertThat(BillingUnits.messageRequests(64 * 1024 + 1)).isEqualTo(2);
        assertThat(BillingUnits.messageRequests(256 * 1024)).isEqualTo(4);
    }

    @Test
    void aKinesisRecordCountsOnePutPayloadUnitPerTwentyFiveKilobytesStarted() {
        assertThat(BillingUnits.putPayloadUnits(5 * 1024)).isEqualTo(1);
        assertThat(BillingUnits.putPayloadUnits(25 * 1024)).isEqualTo(1);
        assertThat(BillingUnits.putPayloadUnits(45 * 1024)).isEqualTo(2);
        assertThat(BillingUnits.putPayloadUnits(1024 * 1024)).isEqualTo(41);
    }

    @Test
    void lambdaBillsTheConfiguredMemoryForTheDurationRoundedUpToTheMillisecond() {
        assertThat(BillingUnits.billedMillis(1)).isEqualTo(1);
        assertThat(BillingUnits.billedMillis(1_000_000)).isEqualTo(1);
        assertThat(BillingUnits.billedMillis(1_000_001)).isEqualTo(2);
        // 1024 MB for 1.0001 ms: billed 2 ms, 2048 MB-ms = 0.002 GB-seconds
        long mbMillis = BillingUnits.megabyteMillis(1024, 1_000_100);
        assertThat(mbMillis).isEqualTo(2048);
        assertThat(Meter.LAMBDA_DURATION.units(mbMillis)).isEqualTo(0.002);
    }
}
