/**
 * DynamoDB's expression languages: condition and filter expressions, update expressions, projection
 * expressions and key condition expressions, parsed by hand-written recursive descent and evaluated over
 * items ({@code Map<String, Value>}) with DynamoDB's semantics and error messages.
 *
 * <p>Entry points are in {@link dev.ferry.local.dynamodb.expression.Expressions}; placeholders are
 * resolved through a per-request {@link dev.ferry.local.dynamodb.expression.ExpressionContext}. Parsed
 * expressions are immutable and may be shared between threads.
 */
package dev.ferry.local.dynamodb.expression;
