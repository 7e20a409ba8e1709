package dev.ferry.local.eventsource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.eventsource.StreamSource.Page;
import dev.ferry.local.eventsource.StreamSource.Record;
import dev.ferry.local.eventsource.filter.FilterCriteria;
import dev.ferry.local.lambda.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads the records a stream mapping's on-failure record points at (one shard, from its first to its last
 * sequence number) and rebuilds each as the mapping's poller puts it in the function's event, through the
 * same {@link KinesisSource} / {@link DynamoDbStreamSource} conversion, with the mapping's filter criteria
 * applied as the poller applies them. Only the named shard is read, whatever its parents or children.
 *
 * <p>A range whose records the stream no longer keeps is reported, not skipped: DynamoDB Streams answers
 * {@code TrimmedDataAccessException} for an iterator at a sequence number older than the trim point
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html), a stream
 * or shard that has expired is {@code ResourceNotFoundException}, and a first record later than the range's
 * start (Kinesis documents no error for a trimmed position) means its beginning is gone.
 */
public final class ShardRangeReader {

    /** One shard's records from {@code startSequenceNumber} to {@code endSequenceNumber}, both included. */
    public record Range(String streamArn, String shardId, String startSequenceNumber, String endSequenceNumber) {
        public Range {
            sequence(startSequenceNumber, "startSequenceNumber");
            if (sequence(endSequenceNumber, "endSequenceNumber").compareTo(sequence(startSequenceNumber, "startSequenceNumber")) < 0) {
                throw new IllegalArgumentException("the range ends (" + endSequenceNumber + ") before it starts (" + startSequenceNumber + ")");
            }
        }
    }

    /** What reading a range found. */
    public sealed interface Outcome {
        /**
         * The whole range: the records the filters pass, as the function's event carries them and in shard
         * order, with their sequence numbers (the item identifiers of a partial batch response).
         *
         * @param read        records read from the start to the end of the range
         * @param filteredOut records of the range the mapping's filters hold back, as its poller did
         */
        record Read(List<ObjectNode> records, List<String> sequenceNumbers, int read, int filteredOut) implements Outcome {
            public Read {
                records = List.copyOf(records);
                sequenceNumbers = List.copyOf(sequenceNumbers);
            }

            /** {@code {"Records":[...]}}: the event the mapping delivers for these records. */
            public byte[] event() {
                ObjectNode event = Json.MAPPER.createObjectNode();
                ArrayNode array = event.putArray("Records");
                records.forEach(array::add);
                return Json.write(event).getBytes(StandardCharsets.UTF_8);
            }
        }

        /** The stream no longer has (all of) the range: trimmed after its retention period, or the shard is gone. */
        record Trimmed(String detail) implements Outcome {}

        /** The range's end was not reached: the shard ended before it, or reads stopped returning records. */
        record Incomplete(String detail) implements Outcome {}
    }

    /** Where a range is read from: an iterator at a sequence number, and pages converted into event records. */
    interface RangeSource {
        String iteratorAt(String shardId, String sequenceNumber);

        Page read(String shardId, String iterator, int limit);
    }

    private static final int PAGE = 1000;
    /** Reads that may come back empty in a row before the end is given up on (both services allow empty pages). */
    private static final int EMPTY_READS = 20;
    private static final Duration EMPTY_READ_PAUSE = Duration.ofMillis(200);

    private final Function<String, RangeSource> sources;

    ShardRangeReader(Function<String, RangeSource> sources) {
        this.sources = sources;
    }

    /** Reads Kinesis ranges with {@code kinesis} and DynamoDB stream ranges with {@code streams}; each made on first use. */
    public static ShardRangeReader of(Supplier<KinesisClient> kinesis, Supplier<DynamoDbStreamsClient> streams) {
        return new ShardRangeReader(streamArn -> switch (service(streamArn)) {
            case "kinesis" -> kinesisSource(kinesis.get(), streamArn);
            case "dynamodb" -> dynamoDbSource(streams.get(), streamArn);
            default -> throw new IllegalArgumentException("'" + streamArn + "' is neither a Kinesis stream nor a DynamoDB stream ARN");
        });
    }

    private static String service(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 5 && parts[0].equals("arn") ? parts[2] : "";
    }

    private static RangeSource kinesisSource(KinesisClient kinesis, String streamArn) {
        KinesisSource pages = new KinesisSource(kinesis, streamArn);
        return new RangeSource() {
            @Override
            public String iteratorAt(String shardId, String sequenceNumber) {
                return kinesis.getShardIterator(b -> b.streamARN(streamArn).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(sequenceNumber)).shardIterator();
            }

            @Override
            public Page read(String shardId, String iterator, int limit) {
                return pages.read(shardId, iterator, limit);
            }
        };
    }

    private static RangeSource dynamoDbSource(DynamoDbStreamsClient streams, String streamArn) {
        DynamoDbStreamSource pages = new DynamoDbStreamSource(streams, streamArn);
        return new RangeSource() {
            @Override
            public String iteratorAt(String shardId, String sequenceNumber) {
                return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(software.amazon.awssdk.services.dynamodb.model.ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber(sequenceNumber)).shardIterator();
            }

            @Override
            public Page read(String shardId, String iterator, int limit) {
                return pages.read(shardId, iterator, limit);
            }
        };
    }

    /**
     * Reads {@code range} and keeps the records {@code filterPatterns} (a mapping's FilterCriteria patterns; none
     * passes everything) let through.
     */
    public Outcome read(Range range, List<String> filterPatterns) {
        FilterCriteria filters = FilterCriteria.parse(filterPatterns);
        RangeSource source = sources.apply(range.streamArn());
        BigInteger start = sequence(range.startSequenceNumber(), "startSequenceNumber");
        BigInteger end = sequence(range.endSequenceNumber(), "endSequenceNumber");
        String where = "shard " + range.shardId() + " of " + range.streamArn();
        List<ObjectNode> records = new ArrayList<>();
        List<String> sequenceNumbers = new ArrayList<>();
        int read = 0;
        int filteredOut = 0;
        int emptyReads = 0;
        try {
            String iterator = source.iteratorAt(range.shardId(), range.startSequenceNumber());
            while (true) {
                Page page = source.read(range.shardId(), iterator, PAGE);
                for (Record r : page.records()) {
                    BigInteger sequence = sequence(r.sequenceNumber(), "a record's sequence number");
                    if (read == 0 && sequence.compareTo(start) > 0) {
                        return new Outcome.Trimmed("the oldest record " + where + " still has is " + r.sequenceNumber()
                                + ", after the range's start " + range.startSequenceNumber()
                                + ": the stream trimmed the start of the range (older than its retention period)");
                    }
                    if (sequence.compareTo(end) > 0) {
                        return new Outcome.Read(records, sequenceNumbers, read, filteredOut);
                    }
                    read++;
                    if (filters.matches(r.filterView())) {
                        records.add(r.eventRecord());
                        sequenceNumbers.add(r.sequenceNumber());
                    } else {
                        filteredOut++;
                    }
                    if (sequence.equals(end)) {
                        return new Outcome.Read(records, sequenceNumbers, read, filteredOut);
                    }
                }
                if (page.nextIterator().isEmpty()) {
                    return new Outcome.Incomplete(where + " is closed and ended after " + read + " record(s) of the range, "
                            + "before its end " + range.endSequenceNumber());
                }
                emptyReads = page.records().isEmpty() ? emptyReads + 1 : 0;
                if (emptyReads >= EMPTY_READS) {
                    return new Outcome.Incomplete(EMPTY_READS + " reads in a row of " + where + " returned nothing after "
                            + read + " record(s) of the range; its end " + range.endSequenceNumber() + " was not reached");
                }
                if (emptyReads > 0) PollerThreads.pause(EMPTY_READ_PAUSE);
                iterator = page.nextIterator().get();
            }
        } catch (TrimmedDataAccessException e) {
            return new Outcome.Trimmed(where + " no longer has the range starting at " + range.startSequenceNumber()
                    + " (TrimmedDataAccessException: " + e.awsErrorDetails().errorMessage()
                    + "): the records are older than the stream's 24-hour retention");
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException
                 | software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            return new Outcome.Trimmed(where + " no longer exists (ResourceNotFoundException: " + e.awsErrorDetails().errorMessage()
                    + "): a closed shard or a deleted stream is removed once its records are past retention");
        }
    }

    private static BigInteger sequence(String text, String what) {
        try {
            return new BigInteger(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a stream sequence number (a decimal number)");
        }
    }
}
