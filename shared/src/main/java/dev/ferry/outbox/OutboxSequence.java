package dev.ferry.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sort key of outbox records: {@code 2026-12-06T21:03:13.123456Z#<event id>}. The time has a fixed
 * width, so text order is time order, and it strictly increases within a process (two events of one
 * transaction get consecutive microseconds in their order), so the events of one subject written by one
 * writer sort in the order they were written. Between writers it relies on their clocks: a subject's next
 * event is written after the previous one committed (its writer read the state the previous write left),
 * at least one DynamoDB round trip later, which is far more than the skew of clocks synchronised as Lambda's
 * are (Amazon Time Sync). The event id makes the key unique.
 */
public final class OutboxSequence {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final AtomicLong lastMicros = new AtomicLong();

    public OutboxSequence(Clock clock) {
        this.clock = clock;
    }

    /** The next sequence for {@code eventId}, later than every one this instance gave before. */
    public String next(String eventId) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        long micros = lastMicros.updateAndGet(last -> Math.max(last + 1, now));
        return at(Instant.EPOCH.plus(micros, ChronoUnit.MICROS)) + "#" + eventId;
    }

    /** The time part of sequences: every record written before {@code time} sorts before this text. */
    public static String at(Instant time) {
        return FORMAT.format(time);
    }
}
