/**
 * DynamoDB's legacy (pre-expression) request parameters: {@code KeyConditions}, {@code QueryFilter},
 * {@code ScanFilter}, {@code Expected}, {@code ConditionalOperator}, {@code AttributesToGet} and
 * {@code AttributeUpdates}, which SDK v1's DynamoDBMapper and older libraries still send.
 *
 * <p>They are a second front end to the one expression evaluator: {@link dev.ferry.local.dynamodb.legacy.LegacyParameters}
 * validates them with AWS's rules and messages, rewrites the request into the equivalent expression
 * parameters (with generated {@code #name}/{@code :value} placeholders, so attribute names with dots or
 * reserved words stay plain names), lets the operation run on that, and words the few errors that only
 * the legacy form words differently the legacy way. The mapping and its sources are in
 * docs/dynamodb-emulator.md, "Legacy parameters".
 */
package dev.ferry.local.dynamodb.legacy;
