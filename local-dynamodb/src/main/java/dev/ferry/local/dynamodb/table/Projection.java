package dev.ferry.local.dynamodb.table;

import java.util.List;

/** Which attributes a secondary index copies: KEYS_ONLY, INCLUDE (with non-key attributes) or ALL. */
public record Projection(String type, List<String> nonKeyAttributes) {
    public Projection {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }

    public boolean all() {
        return type.equals("ALL");
    }
}
