package dev.ferry.outbox;

import dev.ferry.idempotency.PayloadHash;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Appends envelopes to a Kinesis stream with PutRecords; the partition key is the event subject, so all
 * events of one aggregate land on one shard in order.
 */
public final class KinesisTarget implements PublicationTarget {

    private static final int MAX_PARTITION_KEY = 256;

    private final KinesisClient kinesis;
    private final String stream;

    /** @param stream the stream name or ARN */
    public KinesisTarget(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    @Override
    public String name() {
        return "kinesis:" + stream;
    }

    @Override
    public int maxEntries() {
        return 500;
    }

    @Override
    public int maxBytes() {
        return 5 * 1024 * 1024;
    }

    @Override
    public List<EntryResult> publish(List<Publication> batch) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (Publication p : batch) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(partitionKey(p.subject()))
                    .data(SdkBytes.fromUtf8String(p.envelopeJson()))
                    .build());
        }
        PutRecordsRequest.Builder request = PutRecordsRequest.builder().records(entries);
        if (stream.startsWith("arn:")) {
            request.streamARN(stream);
        } else {
            request.streamName(stream);
        }
        PutRecordsResponse response = kinesis.putRecords(request.build());
        List<EntryResult> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PutRecordsResultEntry entry = i < response.records().size() ? response.records().get(i) : null;
            if (entry == null) {
                results.add(new EntryResult.Failed("Missing", "Kinesis reported nothing for this entry"));
            } else if (entry.errorCode() != null) {
                results.add(new EntryResult.Failed(entry.errorCode(), entry.errorMessage()));
            } else {
                results.add(EntryResult.published());
            }
        }
        return results;
    }

    /** Kinesis partition keys are at most 256 characters; longer subjects are hashed (still stable). */
    static String partitionKey(String subject) {
        return subject.length() <= MAX_PARTITION_KEY ? subject : PayloadHash.of(subject);
    }
}
