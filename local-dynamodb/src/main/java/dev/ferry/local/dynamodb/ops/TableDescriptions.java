package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.table.Index;
import dev.ferry.local.dynamodb.table.KeySchema;
import dev.ferry.local.dynamodb.table.Lifecycle;
import dev.ferry.local.dynamodb.table.Table;
import java.time.Instant;

/** The TableDescription shape of CreateTable, DescribeTable, UpdateTable and DeleteTable. */
final class TableDescriptions {
    private TableDescriptions() {}

    /**
     * The table as it is at {@code now}, with {@code status} as its TableStatus: the status it is in, or the one
     * an operation has just put it in (CreateTable answers CREATING even when the table is ACTIVE from the next
     * request on).
     */
    static ObjectNode describe(Table table, Lifecycle.Status status, Instant now) {
        ObjectNode d = Req.object();
        ArrayNode defs = d.putArray("AttributeDefinitions");
        table.attributeTypes().forEach((name, type) -> defs.addObject().put("AttributeName", name).put("AttributeType", type));
        d.put("TableName", table.name());
        d.set("KeySchema", keySchema(table.keySchema()));
        d.put("TableStatus", status.name());
        d.put("CreationDateTime", table.created().toEpochMilli() / 1000.0);
        d.set("ProvisionedThroughput", throughput(table.readCapacity(), table.writeCapacity()));
        d.put("TableSizeBytes", table.items().bytes());
        d.put("ItemCount", table.items().count());
        d.put("TableArn", table.arn());
        d.put("TableId", table.id());
        if (table.billingMode().equals("PAY_PER_REQUEST")) {
            d.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", table.created().toEpochMilli() / 1000.0);
        }
        ArrayNode gsis = null;
        ArrayNode lsis = null;
        for (Index index : table.indexes()) {
            ObjectNode i;
            if (index.global()) {
                if (gsis == null) gsis = Req.object().arrayNode();
                i = gsis.addObject();
            } else {
                if (lsis == null) lsis = Req.object().arrayNode();
                i = lsis.addObject();
            }
            i.put("IndexName", index.name());
            i.set("KeySchema", keySchema(index.keySchema()));
            ObjectNode p = i.putObject("Projection");
            p.put("ProjectionType", index.projection().type());
            if (!index.projection().nonKeyAttributes().isEmpty()) {
                ArrayNode nk = p.putArray("NonKeyAttributes");
                index.projection().nonKeyAttributes().forEach(nk::add);
            }
            if (index.global()) {
                Lifecycle.Status indexStatus = status == Lifecycle.Status.CREATING ? status : index.lifecycle().status(now);
                i.put("IndexStatus", indexStatus.name());
                i.set("ProvisionedThroughput", throughput(index.readCapacity(), index.writeCapacity()));
            }
            i.put("IndexSizeBytes", index.store().bytes());
            i.put("ItemCount", index.store().count());
            i.put("IndexArn", index.arn());
        }
        if (lsis != null) d.set("LocalSecondaryIndexes", lsis);
        if (gsis != null) d.set("GlobalSecondaryIndexes", gsis);
        table.stream().ifPresent(s -> d.putObject("StreamSpecification").put("StreamEnabled", true).put("StreamViewType", s.viewType()));
        table.latestStream().ifPresent(s -> {
            d.put("LatestStreamLabel", s.label());
            d.put("LatestStreamArn", s.arn());
        });
        d.put("DeletionProtectionEnabled", table.deletionProtection());
        return d;
    }

    static ArrayNode keySchema(KeySchema keys) {
        ArrayNode a = Req.object().arrayNode();
        a.addObject().put("AttributeName", keys.hash().name()).put("KeyType", "HASH");
        keys.range().ifPresent(r -> a.addObject().put("AttributeName", r.name()).put("KeyType", "RANGE"));
        return a;
    }

    private static ObjectNode throughput(long read, long write) {
        ObjectNode t = Req.object();
        t.put("NumberOfDecreasesToday", 0);
        t.put("ReadCapacityUnits", read);
        t.put("WriteCapacityUnits", write);
        return t;
    }
}
