package dev.ferry.local.dynamodb.stream;

import java.util.List;

/**
 * What one rollover of a stream did: every shard that was open was closed and got one child, which now
 * receives the partition keys the parent received.
 *
 * @param closedShardIds the shards closed, in slot order
 * @param openedShardIds their children, in the same order: {@code openedShardIds.get(i)} is the child of
 *                       {@code closedShardIds.get(i)}
 */
public record ShardRollover(String streamArn, List<String> closedShardIds, List<String> openedShardIds) {
    public ShardRollover {
        closedShardIds = List.copyOf(closedShardIds);
        openedShardIds = List.copyOf(openedShardIds);
    }
}
