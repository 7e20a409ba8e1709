package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.table.Table;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes items whose TTL attribute (a Number of epoch seconds) lies in the past, as DynamoDB's
 * background process does, with REMOVE stream records marked as done by the service. Like AWS, it
 * ignores TTL values more than five years in the past (they are taken as not meant to expire). An item a
 * transaction holds is left for the next sweep, so the transaction's condition stays true until it applies.
 */
public final class TtlSweeper {
    static final Duration IGNORE_OLDER_THAN = Duration.ofDays(5 * 365);

    private final Database db;

    public TtlSweeper(Database db) {
        this.db = db;
    }

    /** Runs one sweep over every table with TTL enabled; returns how many items it deleted. */
    public int sweep() {
        int deleted = 0;
        for (Table t : db.tables()) {
            if (t.ttlAttribute().isEmpty()) continue;
            try {
                deleted += db.withTable(t.name(), this::sweep);
            } catch (RuntimeException e) {
                // the table was deleted meanwhile: nothing to sweep
            }
        }
        for (var s : db.streams()) s.maintain(db.now());
        return deleted;
    }

    private int sweep(Table table) {
        Optional<String> attribute = table.ttlAttribute();
        if (attribute.isEmpty()) return 0;
        Instant now = db.now();
        BigDecimal nowSeconds = BigDecimal.valueOf(now.getEpochSecond());
        BigDecimal oldest = BigDecimal.valueOf(now.minus(IGNORE_OLDER_THAN).getEpochSecond());
        List<Map<String, Value>> expired = new ArrayList<>();
        for (var item : table.items().items()) {
            if (item.get(attribute.get()) instanceof Value.N n
                    && n.value().compareTo(nowSeconds) < 0 && n.value().compareTo(oldest) >= 0
                    && !db.inFlight().isTaken(table, table.keySchema().keyOf(item))) {
                expired.add(item);
            }
        }
        for (var item : expired) table.write(table.keySchema().keyOf(item), Optional.empty(), true, now);
        return expired.size();
    }
}
