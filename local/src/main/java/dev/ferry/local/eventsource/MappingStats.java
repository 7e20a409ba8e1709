package dev.ferry.local.eventsource;

import java.time.Duration;

/**
 * What a mapping did.
 *
 * @param batches               invocations made (duplicates included)
 * @param records               records (messages) that reached the function at least once
 * @param filteredOut           records dropped because no filter matched
 * @param failedBatches         invocations that failed or reported item failures
 * @param sentToDestination     records sent to the on-failure destination (streams)
 * @param discarded             records given up without a destination (streams)
 * @param concurrentBatches     batches being invoked now
 * @param peakConcurrentBatches the most batches invoked at once over the period asked for (since start, or since an
 *                              instant, to the second): at most {@code MaximumConcurrency} for SQS, shards ×
 *                              {@code ParallelizationFactor} for streams
 * @param oldestRecordAge       over the same period, the age of the oldest record a batch was made of when the
 *                              mapping read it: for SQS how long the message had waited in the queue (what
 *                              CloudWatch's {@code ApproximateAgeOfOldestMessage} shows of a backlog), for streams
 *                              how far behind the shard's reader was (Lambda's {@code IteratorAge})
 * @param reads                 requests made to the source for records since start (ReceiveMessage, GetRecords),
 *                              empty answers included: what polling an idle source costs
 */
public record MappingStats(String mapping, long batches, long records, long filteredOut, long failedBatches,
                           long sentToDestination, long discarded, int concurrentBatches, int peakConcurrentBatches,
                           Duration oldestRecordAge, long reads) {

    public MappingStats(String mapping, long batches, long records, long filteredOut, long failedBatches,
                        long sentToDestination, long discarded, int concurrentBatches, int peakConcurrentBatches,
                        Duration oldestRecordAge) {
        this(mapping, batches, records, filteredOut, failedBatches, sentToDestination, discarded, concurrentBatches,
                peakConcurrentBatches, oldestRecordAge, 0);
    }
}
