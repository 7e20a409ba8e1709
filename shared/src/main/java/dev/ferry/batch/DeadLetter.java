package dev.ferry.batch;

import dev.ferry.correlation.CorrelationContext;
import java.util.Optional;

/**
 * A message given up on, with why: {@code sourceId} is the message id or stream sequence number,
 * {@code consumer} the consumer that gave up, {@code attempts} how many deliveries were seen (0 when the
 * source does not count them, as streams do not).
 */
public record DeadLetter(String consumer, String sourceId, String body, String reason, int attempts,
                         CorrelationContext correlation, Optional<String> groupId) {
}
