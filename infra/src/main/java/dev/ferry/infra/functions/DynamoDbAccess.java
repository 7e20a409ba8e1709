package dev.ferry.infra.functions;

import java.util.List;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The DynamoDB actions a workflow function may use, narrower than the CDK's grantReadWriteData: no table-level
 * operations, and scans and batch writes only where the outbox needs them. TransactWriteItems is authorised per
 * item through these actions.
 */
final class DynamoDbAccess {

    private static final String[] READ = {"dynamodb:GetItem", "dynamodb:Query"};
    private static final String[] READ_WRITE = {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"};
    // The four actions Lambda's poller needs, on this table's stream only, as the DynamoDB guide grants them
    // (the CDK's grantStreamRead would add dynamodb:ListStreams on '*').
    /** Writing new outbox records (inside a transaction) is all a service does with its outbox table. */
    private static final String[] APPEND = {"dynamodb:PutItem"};
    /** The relay reads a subject's pending records and deletes the published ones in batches. */
    private static final String[] RELAY = {"dynamodb:Query", "dynamodb:BatchWriteItem"};
    /** The sweeper also scans for subjects with old records: the table holds only pending records, so it is small. */
    private static final String[] SWEEP = {"dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchWriteItem"};
    private static final String[] STREAM_READ = {"dynamodb:DescribeStream", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator", "dynamodb:ListStreams"};

    private DynamoDbAccess() {
    }

    static void read(ITable table, IGrantable grantee) {
        table.grant(grantee, READ);
    }

    static void readWrite(ITable table, IGrantable grantee) {
        table.grant(grantee, READ_WRITE);
    }

    static void append(ITable outbox, IGrantable grantee) {
        outbox.grant(grantee, APPEND);
    }

    static void relay(ITable outbox, IGrantable grantee) {
        outbox.grant(grantee, RELAY);
    }

    static void sweep(ITable outbox, IGrantable grantee) {
        outbox.grant(grantee, SWEEP);
    }

    static void streamRead(ITable table, WorkflowFunction consumer) {
        consumer.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(STREAM_READ))
                .resources(List.of(table.getTableStreamArn()))
                .build());
    }
}
