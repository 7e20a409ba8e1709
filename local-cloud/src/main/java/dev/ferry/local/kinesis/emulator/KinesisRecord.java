package dev.ferry.local.kinesis.emulator;

import dev.ferry.local.dynamodb.stream.ShardRecords;

/**
 * One data record as a shard keeps it.
 *
 * @param sequence     its sequence number (shown as {@link dev.ferry.local.dynamodb.stream.SequenceNumbers#format})
 * @param arrivalMillis ApproximateArrivalTimestamp, never decreasing within a shard
 * @param sizeBytes    data and partition key, what counts towards GetRecords' 10 MiB
 */
record KinesisRecord(long sequence, String partitionKey, byte[] data, long arrivalMillis, int sizeBytes)
        implements ShardRecords.Entry {}
