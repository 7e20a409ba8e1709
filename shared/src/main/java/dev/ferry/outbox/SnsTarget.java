package dev.ferry.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

/**
 * Publishes envelopes to an SNS topic with PublishBatch. Message attributes {@code type} and
 * {@code correlationid} let subscriptions filter and consumers correlate; on a FIFO topic the subject is
 * the message group (per-aggregate order) and the event id the deduplication id (a republished event is
 * dropped by SNS within its five-minute window).
 */
public final class SnsTarget implements PublicationTarget {

    private final SnsClient sns;
    private final String topicArn;
    private final boolean fifo;

    public SnsTarget(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.fifo = topicArn.endsWith(".fifo");
    }

    @Override
    public String name() {
        return "sns:" + topicArn;
    }

    @Override
    public int maxEntries() {
        return 10;
    }

    @Override
    public int maxBytes() {
        return 256 * 1024;
    }

    @Override
    public List<EntryResult> publish(List<Publication> batch) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Publication p = batch.get(i);
            PublishBatchRequestEntry.Builder entry = PublishBatchRequestEntry.builder()
                    .id("e" + i)
                    .message(p.envelopeJson())
                    .messageAttributes(Map.of(
                            "type", MessageAttributeValue.builder().dataType("String").stringValue(p.type()).build(),
                            "correlationid", MessageAttributeValue.builder().dataType("String").stringValue(p.correlationId()).build()));
            if (fifo) {
                entry.messageGroupId(p.subject()).messageDeduplicationId(p.eventId());
            }
            entries.add(entry.build());
        }
        PublishBatchResponse response = sns.publishBatch(PublishBatchRequest.builder().topicArn(topicArn).publishBatchRequestEntries(entries).build());
        Map<String, EntryResult> byId = new HashMap<>();
        for (PublishBatchResultEntry ok : response.successful()) {
            byId.put(ok.id(), EntryResult.published());
        }
        for (BatchResultErrorEntry failed : response.failed()) {
            byId.put(failed.id(), new EntryResult.Failed(failed.code(), failed.message()));
        }
        List<EntryResult> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            results.add(byId.getOrDefault("e" + i, new EntryResult.Failed("Missing", "SNS reported nothing for this entry")));
        }
        return results;
    }
}
