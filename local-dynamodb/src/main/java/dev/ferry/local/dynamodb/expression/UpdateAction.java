package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.model.Value;

/** One action of an update expression. */
sealed interface UpdateAction {
    DocumentPath path();

    record Set(DocumentPath path, Operand value) implements UpdateAction {}

    record Remove(DocumentPath path) implements UpdateAction {}

    record Add(DocumentPath path, Value value) implements UpdateAction {}

    record Delete(DocumentPath path, Value value) implements UpdateAction {}
}
