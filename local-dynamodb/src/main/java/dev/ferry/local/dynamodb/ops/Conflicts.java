package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;

/**
 * The answers DynamoDB gives when work meets an ongoing transaction. Codes and messages from the API
 * reference: TransactionConflictException ("Operation was rejected because there is an ongoing transaction
 * for the item", https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#API_PutItem_Errors)
 * and the cancellation reason {@code TransactionConflict} with the message "Transaction is ongoing for the item"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors).
 */
final class Conflicts {
    static final String REASON = "TransactionConflict";
    static final String MESSAGE = "Transaction is ongoing for the item";

    private Conflicts() {}

    /** What a PutItem, UpdateItem or DeleteItem gets when the item is in a transaction. */
    static ApiException exception() {
        return new ApiException("TransactionConflictException", 400, MESSAGE);
    }

    /** Fills one element of CancellationReasons. */
    static void reason(ObjectNode reason) {
        reason.put("Code", REASON);
        reason.put("Message", MESSAGE);
    }
}
