package dev.ferry.local.dynamodb.table;

import dev.ferry.local.dynamodb.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The key of a table or index: a partition (hash) attribute and an optional sort (range) attribute. */
public record KeySchema(KeyAttribute hash, Optional<KeyAttribute> range) {

    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(hash.name());
        range.ifPresent(r -> names.add(r.name()));
        return names;
    }

    public List<KeyAttribute> attributes() {
        List<KeyAttribute> attributes = new ArrayList<>();
        attributes.add(hash);
        range.ifPresent(attributes::add);
        return attributes;
    }

    /** True when the item carries every key attribute of this schema (the test for sparse indexes). */
    public boolean coversItem(Map<String, Value> item) {
        return item.containsKey(hash.name()) && range.map(r -> item.containsKey(r.name())).orElse(true);
    }

    /** The key of an item that {@link #coversItem covers} this schema. */
    public ItemKey keyOf(Map<String, Value> item) {
        return new ItemKey(item.get(hash.name()), range.map(r -> item.get(r.name())));
    }

    /** Only the key attributes of an item, as in stream records' {@code Keys}. */
    public Map<String, Value> project(Map<String, Value> item) {
        Map<String, Value> keys = new LinkedHashMap<>();
        for (String name : names()) {
            Value v = item.get(name);
            if (v != null) keys.put(name, v);
        }
        return keys;
    }
}
