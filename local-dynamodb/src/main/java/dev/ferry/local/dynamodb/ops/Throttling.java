package dev.ferry.local.dynamodb.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.table.Table;

/**
 * The answers DynamoDB gives when it throttles, shaped after the table's billing mode.
 *
 * <ul>
 *   <li>Item reads and writes: HTTP 400 {@code ProvisionedThroughputExceededException}, which the AWS SDKs
 *       retry ("OK to retry? Yes",
 *       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.MessagesAndCodes),
 *       with {@code ThrottlingReasons} naming the table
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html): a provisioned
 *       table exceeded its provisioned throughput; an on-demand one met the per-partition limit (the reason that
 *       applies in both modes, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/troubleshooting-throttling-diagnostics.html).</li>
 *   <li>CreateTable, UpdateTable, DeleteTable called too fast: HTTP 400 {@code ThrottlingException}, "Rate of
 *       requests exceeds the allowed throughput." (same Programming.Errors page).</li>
 *   <li>An item of a transaction: the cancellation reason {@code ProvisionedThroughputExceeded} (provisioned
 *       table) or {@code ThrottlingError} (on-demand table, "DynamoDB is automatically scaling your table"),
 *       with the messages of the TransactWriteItems API reference
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors).</li>
 * </ul>
 */
final class Throttling {
    static final String PROVISIONED_MESSAGE = "The level of configured provisioned throughput for the table was exceeded. "
            + "Consider increasing your provisioning level with the UpdateTable API.";
    static final String ON_DEMAND_MESSAGE = "Throughput exceeds the current capacity of your table or index. DynamoDB is "
            + "automatically scaling your table or index so please try again shortly. If exceptions persist, check if you "
            + "have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
    static final String CONTROL_PLANE_MESSAGE = "Rate of requests exceeds the allowed throughput.";

    /** Whether a request reads or writes the table: part of the throttling reason. */
    enum Access {
        READ("Read"), WRITE("Write");

        private final String word;

        Access(String word) {
            this.word = word;
        }
    }

    private Throttling() {}

    /** The exception for a throttled item read or write of {@code table}. */
    static ApiException exception(Table table, Access access) {
        ObjectNode details = Req.object();
        details.putArray("ThrottlingReasons").addObject()
                .put("reason", "Table" + access.word + limit(table))
                .put("resource", table.arn());
        return new DetailedApiException("ProvisionedThroughputExceededException", 400, message(table), details);
    }

    /** The exception for a throttled CreateTable, UpdateTable or DeleteTable. */
    static ApiException controlPlane() {
        return new ApiException("ThrottlingException", 400, CONTROL_PLANE_MESSAGE);
    }

    /** Fills one element of CancellationReasons for a throttled transaction item. */
    static void reason(Table table, ObjectNode reason) {
        reason.put("Code", provisioned(table) ? "ProvisionedThroughputExceeded" : "ThrottlingError");
        reason.put("Message", message(table));
    }

    private static boolean provisioned(Table table) {
        return table.billingMode().equals("PROVISIONED");
    }

    private static String limit(Table table) {
        return provisioned(table) ? "ProvisionedThroughputExceeded" : "KeyRangeThroughputExceeded";
    }

    private static String message(Table table) {
        return provisioned(table) ? PROVISIONED_MESSAGE : ON_DEMAND_MESSAGE;
    }
}
