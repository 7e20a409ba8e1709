package dev.ferry.local.eventsource;

/**
 * What a mapping did.
 *
 * @param batches          invocations made (duplicates included)
 * @param records          records (messages) that reached the function at least once
 * @param filteredOut      records dropped because no filter matched
 * @param failedBatches    invocations that failed or reported item failures
 * @param sentToDestination records sent to the on-failure destination (streams)
 * @param discarded        records given up without a destination (streams)
 */
public record MappingStats(String mapping, long batches, long records, long filteredOut, long failedBatches,
                           long sentToDestination, long discarded) {}
