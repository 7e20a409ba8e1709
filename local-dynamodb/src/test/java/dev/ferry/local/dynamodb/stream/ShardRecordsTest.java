package dev.ferry.local.dynamodb.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Positions stay absolute while records are trimmed, before and after the list is compacted. */
class ShardRecordsTest {

    record R(long sequence, int sizeBytes) implements ShardRecords.Entry {}

    private static ShardRecords<R> log(int count) {
        ShardRecords<R> log = new ShardRecords<>();
        for (int i = 0; i < count; i++) log.append(new R(100 + i, 10));
        return log;
    }

    @Test
    void positionsSurviveTrimmingAndCompaction() {
        ShardRecords<R> log = log(5000);

        log.trimWhile(r -> r.sequence() < 100 + 10); // a few: skipped by the head index
        assertThat(log.trimHorizon()).isEqualTo(10);
        assertThat(log.at(10).sequence()).isEqualTo(110);
        log.trimWhile(r -> r.sequence() < 100 + 3000); // most of the list: compacted
        assertThat(log.trimHorizon()).isEqualTo(3000);
        assertThat(log.end()).isEqualTo(5000);
        assertThat(log.at(4999).sequence()).isEqualTo(5099);
        assertThat(log.read(0, 2, Long.MAX_VALUE).records()).extracting(R::sequence).containsExactly(3100L, 3101L);
        assertThat(log.read(4998, 10, Long.MAX_VALUE)).isEqualTo(new ShardRecords.Page<>(List.of(new R(5098, 10), new R(5099, 10)), 5000));
        assertThat(log.positionOf(4000, false)).isEqualTo(3900);
        assertThat(log.positionOf(4000, true)).isEqualTo(3901);
        assertThat(log.firstPositionWhere(r -> r.sequence() >= 3050)).isEqualTo(3000);
        assertThat(log.isTrimmed(3099)).isTrue();
        assertThat(log.isTrimmed(3100)).isFalse();
    }

    @Test
    void aFullyTrimmedLogKeepsItsPositionsAndLastSequence() {
        ShardRecords<R> log = log(3);

        assertThat(log.trimWhile(r -> true)).map(R::sequence).hasValue(102L);

        assertThat(log.isEmpty()).isTrue();
        assertThat(log.trimHorizon()).isEqualTo(3);
        assertThat(log.end()).isEqualTo(3);
        assertThat(log.lastSequence()).hasValue(102L);
        assertThat(log.last()).isEmpty();
        log.append(new R(200, 10));
        assertThat(log.at(3).sequence()).isEqualTo(200);
        assertThat(log.read(3, 10, 1)).isEqualTo(new ShardRecords.Page<>(List.of(new R(200, 10)), 4));
    }

    @Test
    void aPageStopsBeforeTheRecordThatWouldCrossItsSizeButHoldsAtLeastOne() {
        ShardRecords<R> log = log(10);

        assertThat(log.read(0, 10, 25).records()).hasSize(2);
        assertThat(log.read(0, 10, 5).records()).hasSize(1);
    }
}
