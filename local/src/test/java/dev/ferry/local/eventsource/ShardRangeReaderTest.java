package dev.ferry.local.eventsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.eventsource.ShardRangeReader.Outcome;
import dev.ferry.local.eventsource.ShardRangeReader.Range;
import dev.ferry.local.eventsource.StreamSource.Page;
import dev.ferry.local.eventsource.StreamSource.Record;
import dev.ferry.local.lambda.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where a range starts and ends in a shard, on a shard the test lays out page by page: what the stream services
 * leave to the reader (a trimmed start that Kinesis reports with no error, pages that run past the end, a shard
 * that closes before it) without waiting for a real stream to age.
 */
class ShardRangeReaderTest {
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/events";

    /** A shard of pages; the iterator is the index of the page to read next. */
    private static final class Shard implements ShardRangeReader.RangeSource {
        final List<List<Record>> pages = new ArrayList<>();
        boolean closed;
        String iteratorRequestedAt;

        Shard page(long... sequences) {
            List<Record> page = new ArrayList<>();
            for (long s : sequences) {
                ObjectNode record = Json.MAPPER.createObjectNode().put("eventID", "shardId-000000000000:" + s)
                        .put("type", s % 2 == 0 ? "even" : "odd");
                page.add(new Record(Long.toString(s), Instant.EPOCH, record, record));
            }
            pages.add(page);
            return this;
        }

        @Override
        public String iteratorAt(String shardId, String sequenceNumber) {
            iteratorRequestedAt = sequenceNumber;
            return "0";
        }

        @Override
        public Page read(String shardId, String iterator, int limit) {
            int i = Integer.parseInt(iterator);
            boolean last = i == pages.size() - 1;
            return new Page(i < pages.size() ? pages.get(i) : List.of(),
                    last && closed ? Optional.empty() : Optional.of(Integer.toString(Math.min(i + 1, pages.size()))));
        }
    }

    private static Outcome read(Shard shard, long start, long end, List<String> filters) {
        return new ShardRangeReader(arn -> shard).read(new Range(ARN, "shardId-000000000000", Long.toString(start), Long.toString(end)), filters);
    }

    private static List<String> ids(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Read.class);
        return ((Outcome.Read) outcome).records().stream().map(r -> r.get("eventID").asText()).toList();
    }

    @Test
    void theRangeIsReadFromItsStartAcrossPagesUpToAndIncludingItsEndAndNoFurther() {
        Shard shard = new Shard().page(10, 11).page().page(12, 13, 14);

        Outcome outcome = read(shard, 10, 13, List.of());

        assertThat(shard.iteratorRequestedAt).isEqualTo("10");
        assertThat(ids(outcome)).containsExactly("shardId-000000000000:10", "shardId-000000000000:11", "shardId-000000000000:12",
                "shardId-000000000000:13");
        assertThat(((Outcome.Read) outcome).sequenceNumbers()).containsExactly("10", "11", "12", "13");
        assertThat(new String(((Outcome.Read) outcome).event())).startsWith("{\"Records\":[{\"eventID\":\"shardId-000000000000:10\"");
    }

    @Test
    void theMappingsFiltersHoldBackTheRecordsItsPollerHeldBack() {
        Outcome outcome = read(new Shard().page(10, 11, 12), 10, 12, List.of("{\"type\":[\"even\"]}"));

        assertThat(ids(outcome)).containsExactly("shardId-000000000000:10", "shardId-000000000000:12");
        assertThat(((Outcome.Read) outcome).read()).isEqualTo(3);
        assertThat(((Outcome.Read) outcome).filteredOut()).isEqualTo(1);
    }

    @Test
    void aFirstRecordAfterTheRangesStartMeansTheStreamTrimmedItsBeginning() {
        Outcome outcome = read(new Shard().page(12, 13), 10, 13, List.of());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Trimmed.class, t -> assertThat(t.detail())
                .contains("oldest record").contains("12").contains("after the range's start 10"));
    }

    @Test
    void aShardThatClosesBeforeTheRangesEndLeavesItIncomplete() {
        Shard shard = new Shard().page(10, 11);
        shard.closed = true;

        assertThat(read(shard, 10, 13, List.of())).isInstanceOfSatisfying(Outcome.Incomplete.class,
                i -> assertThat(i.detail()).contains("closed").contains("2 record(s)").contains("13"));
    }

    @Test
    void aRangeMustBeSequenceNumbersInOrder() {
        assertThatThrownBy(() -> new Range(ARN, "s", "12", "10")).hasMessageContaining("ends (10) before it starts (12)");
        assertThatThrownBy(() -> new Range(ARN, "s", "abc", "10")).hasMessageContaining("'abc' is not a stream sequence number");
    }
}
