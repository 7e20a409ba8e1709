/**
 * Faults the DynamoDB emulator can raise on purpose, so that retry paths run in tests: transaction
 * conflicts ({@code TransactionConflict} cancellations, {@code TransactionConflictException}), throttling
 * ({@code ProvisionedThroughputExceededException}, {@code ThrottlingException}, unprocessed batch items,
 * throttled transaction items) and a hold that keeps a transaction's items taken for a while, so that
 * genuinely overlapping work conflicts as it does on AWS. {@link dev.ferry.local.dynamodb.faults.DynamoDbFaultPlan}
 * is the configuration, {@link dev.ferry.local.dynamodb.faults.DynamoDbFaults} the switchboard a running
 * emulator reads on every request.
 */
package dev.ferry.local.dynamodb.faults;
