package dev.ferry.infra.functions;

import java.util.List;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The DynamoDB actions a workflow function may use, narrower than the CDK's grantReadWriteData: no scans, no
 * batch writes, no table-level operations. TransactWriteItems is authorised per item through these actions.
 */
final class DynamoDbAccess {

    private static final String[] READ = {"dynamodb:GetItem", "dynamodb:Query"};
    private static final String[] READ_WRITE = {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"};
    // The four actions Lambda's poller needs, on this table's stream only, as the DynamoDB guide grants them
    // (the CDK's grantStreamRead would add dynamodb:ListStreams on '*').
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

    static void streamRead(ITable table, WorkflowFunction consumer) {
        consumer.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(STREAM_READ))
                .resources(List.of(table.getTableStreamArn()))
                .build());
    }
}
