package dev.ferry.outbox;

import java.util.List;

/** Where the relay publishes: SNS, Kinesis, or anything with a batch API that reports entry by entry. */
public interface PublicationTarget {

    String name();

    /** Entries per request (PublishBatch 10, PutRecords 500). */
    int maxEntries();

    /** Bytes per request. */
    int maxBytes();

    /**
     * Publishes {@code batch} in one request and returns one result per entry, in order. May throw when the
     * whole request failed; the relay then treats every entry as failed.
     */
    List<EntryResult> publish(List<Publication> batch);
}
