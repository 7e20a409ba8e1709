/**
 * The request as AWS's front end reads it, before DynamoDB itself looks at it: each operation's input shape
 * ({@link dev.ferry.local.dynamodb.wire.OperationShapes}, member types from the service model), the JSON type
 * check that answers {@code SerializationException} ({@link dev.ferry.local.dynamodb.wire.TypeCheck}) and the
 * member constraints that answer "N validation errors detected" ({@link dev.ferry.local.dynamodb.wire.ConstraintCheck}).
 */
package dev.ferry.local.dynamodb.wire;
