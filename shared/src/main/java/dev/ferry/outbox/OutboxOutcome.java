package dev.ferry.outbox;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What an outbox write did. Either everything was written or nothing was. */
public sealed interface OutboxOutcome {

    /** The state changes and the outbox records of {@code eventIds} are stored. */
    record Written(List<String> eventIds) implements OutboxOutcome {
    }

    /**
     * The condition of state change number {@code changeIndex} failed (say, a version check): nothing was
     * written. {@code currentItem} is the item as it stood, if that change asked for ALL_OLD, else empty.
     */
    record ConditionFailed(int changeIndex, Map<String, AttributeValue> currentItem) implements OutboxOutcome {
    }
}
