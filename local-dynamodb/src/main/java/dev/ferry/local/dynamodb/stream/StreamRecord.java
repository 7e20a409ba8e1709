package dev.ferry.local.dynamodb.stream;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Map;
import java.util.Optional;

/**
 * One change of one item, as the stream's view type keeps it.
 *
 * @param removedByTtl true when the TTL sweeper deleted the item, which AWS marks with a service userIdentity
 */
public record StreamRecord(long sequence, String eventId, String eventName, long createdEpochSeconds,
                           Map<String, Value> keys, Optional<Map<String, Value>> oldImage,
                           Optional<Map<String, Value>> newImage, boolean removedByTtl, int sizeBytes)
        implements ShardRecords.Entry {}
