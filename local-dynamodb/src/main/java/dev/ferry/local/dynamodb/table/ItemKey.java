package dev.ferry.local.dynamodb.table;

import dev.ferry.local.dynamodb.model.Value;
import java.util.Optional;

/** The primary key of one item: its partition key value and, for composite keys, its sort key value. */
public record ItemKey(Value hash, Optional<Value> range) {}
