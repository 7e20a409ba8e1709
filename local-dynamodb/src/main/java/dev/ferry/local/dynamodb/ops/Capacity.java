package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.cost.BillingUnits;
import dev.ferry.local.cost.RequestLedger;
import java.util.Map;
import java.util.TreeMap;

/**
 * Capacity units as DynamoDB accounts them: a read unit per 4 KB (half for eventually consistent
 * reads), a write unit per 1 KB, twice that inside transactions. Reported only when asked for.
 */
final class Capacity {
    private final String mode;
    private final Map<String, double[]> byTable = new TreeMap<>();
    private final RequestLedger ledger;

    private Capacity(String mode, RequestLedger ledger) {
        this.mode = mode;
        this.ledger = ledger;
    }

    static Capacity of(JsonNode req, Database db) {
        return new Capacity(Req.oneOf(req, "ReturnConsumedCapacity", "NONE", "INDEXES", "TOTAL", "NONE"), db.ledger());
    }

    static double readUnits(long bytes, boolean consistent) {
        return BillingUnits.readHalfUnits(bytes, consistent) / 2.0;
    }

    static double writeUnits(long bytes) {
        return BillingUnits.writeUnits(bytes);
    }

    void read(String table, double units) {
        byTable.computeIfAbsent(table, t -> new double[2])[0] += units;
        ledger.dynamoDb(table, units, 0);
    }

    void write(String table, double units) {
        byTable.computeIfAbsent(table, t -> new double[2])[1] += units;
        ledger.dynamoDb(table, 0, units);
    }

    boolean wanted() {
        return !mode.equals("NONE");
    }

    /** Adds ConsumedCapacity for a single-table operation. */
    void addTo(ObjectNode response) {
        if (!wanted() || byTable.isEmpty()) return;
        var e = byTable.entrySet().iterator().next();
        response.set("ConsumedCapacity", entry(e.getKey(), e.getValue()));
    }

    /** Adds ConsumedCapacity as the list that batch and transaction operations return. */
    void addListTo(ObjectNode response) {
        if (!wanted()) return;
        var list = response.putArray("ConsumedCapacity");
        byTable.forEach((t, u) -> list.add(entry(t, u)));
    }

    private ObjectNode entry(String table, double[] units) {
        ObjectNode n = Req.object();
        n.put("TableName", table);
        n.put("CapacityUnits", units[0] + units[1]);
        if (units[0] > 0) n.put("ReadCapacityUnits", units[0]);
        if (units[1] > 0) n.put("WriteCapacityUnits", units[1]);
        if (mode.equals("INDEXES")) {
            ObjectNode t = n.putObject("Table");
            t.put("CapacityUnits", units[0] + units[1]);
            if (units[0] > 0) t.put("ReadCapacityUnits", units[0]);
            if (units[1] > 0) t.put("WriteCapacityUnits", units[1]);
        }
        return n;
    }
}
