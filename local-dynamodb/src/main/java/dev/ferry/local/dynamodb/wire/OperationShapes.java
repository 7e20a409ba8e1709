package dev.ferry.local.dynamodb.wire;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The input shape of every operation the emulator serves. Member types and constraints come from the
 * DynamoDB and DynamoDB Streams service models (botocore data/dynamodb/2012-08-10/service-2.json, the model
 * every AWS SDK is generated from). Where AWS's answers differ from the model they follow the recorded answers:
 * the order members are reported in and the order of enum values in messages (dynalite test/*.js and
 * validations/*.js, github.com/architect/dynalite; dynamodb-conformance tests/tier3/validation-ordering,
 * github.com/paritysuite/dynamodb-conformance), and a few constraints AWS leaves to the operation.
 * Streams operations are type-checked only: their own checks stay with the operations.
 */
public final class OperationShapes {
    private static final String MODEL = "com.amazonaws.dynamodb.v20120810.";
    private static final String NAME_PATTERN = "[a-zA-Z0-9_.-]+";

    private static final Shape TEXT = new Shape.Text();
    private static final Shape BOOL = new Shape.Bool();
    private static final Shape INTEGER = new Shape.Whole("Integer");
    private static final Shape LONG = new Shape.Whole("Long");
    private static final Shape BLOB = new Shape.Blob();

    /** AttributeValue: one of its members set, lists and maps of AttributeValue nested inside. */
    public static final Shape.Struct ATTRIBUTE_VALUE = struct("AttributeValue",
            m("S", TEXT), m("N", TEXT), m("B", BLOB), m("SS", list(TEXT)), m("NS", list(TEXT)), m("BS", list(BLOB)),
            m("M", map(new Shape.Recursive(OperationShapes::attributeValue), MODEL + "AttributeValue")),
            m("L", list(new Shape.Recursive(OperationShapes::attributeValue))),
            m("NULL", BOOL), m("BOOL", BOOL));

    private static final Shape ATTRIBUTE_MAP = map(ATTRIBUTE_VALUE, MODEL + "AttributeValue");
    private static final Shape NAME_MAP = map(TEXT, "java.lang.String");

    private static final Constraints TABLE_NAME = c().notNullable().asTableName();
    private static final Constraints INDEX_NAME = c().matching(NAME_PATTERN).length(3, 255);
    private static final Constraints RETURN_CONSUMED_CAPACITY = c().oneOf("INDEXES", "TOTAL", "NONE");
    private static final Constraints RETURN_ITEM_COLLECTION_METRICS = c().oneOf("SIZE", "NONE");
    private static final Constraints RETURN_VALUES = c().oneOf("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW");
    private static final Constraints RETURN_VALUES_ON_FAILURE = c().oneOf("ALL_OLD", "NONE");
    private static final Constraints CONDITIONAL_OPERATOR = c().oneOf("OR", "AND");
    private static final Constraints SELECT = c().oneOf("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES");
    private static final Constraints COMPARISON_OPERATOR = c().oneOf("IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
            "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS");
    private static final Constraints BILLING_MODE = c().oneOf("PROVISIONED", "PAY_PER_REQUEST");
    private static final Constraints ATTRIBUTES_TO_GET = c().minLength(1);

    private static final Shape.Struct PROVISIONED_THROUGHPUT = struct("ProvisionedThroughput",
            m("WriteCapacityUnits", LONG, c().notNullable().atLeast(1)),
            m("ReadCapacityUnits", LONG, c().notNullable().atLeast(1)));
    private static final Shape.Struct ON_DEMAND_THROUGHPUT = struct("OnDemandThroughput",
            m("MaxReadRequestUnits", LONG), m("MaxWriteRequestUnits", LONG));
    private static final Shape.Struct WARM_THROUGHPUT = struct("WarmThroughput",
            m("ReadUnitsPerSecond", LONG), m("WriteUnitsPerSecond", LONG));
    private static final Shape.Struct PROJECTION = struct("Projection",
            m("ProjectionType", TEXT, c().oneOf("ALL", "INCLUDE", "KEYS_ONLY")),
            m("NonKeyAttributes", list(TEXT), c().minLength(1)));
    private static final Shape.Struct KEY_SCHEMA_ELEMENT = struct("KeySchemaElement",
            m("AttributeName", TEXT, c().notNullable()),
            m("KeyType", TEXT, c().notNullable().oneOf("HASH", "RANGE")));
    /** An index's key schema: AWS leaves its KeyType to CreateTable's own key-schema checks (dynalite validations/createTable.js). */
    private static final Shape.Struct INDEX_KEY_SCHEMA_ELEMENT = struct("KeySchemaElement",
            m("AttributeName", TEXT, c().notNullable()),
            m("KeyType", TEXT, c().notNullable()));
    private static final Shape.Struct ATTRIBUTE_DEFINITION = struct("AttributeDefinition",
            m("AttributeName", TEXT, c().notNullable()),
            m("AttributeType", TEXT, c().notNullable().oneOf("B", "N", "S")));
    private static final Shape.Struct STREAM_SPECIFICATION = struct("StreamSpecification",
            m("StreamEnabled", BOOL, c().notNullable()),
            m("StreamViewType", TEXT, c().oneOf("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")));
    private static final Shape.Struct SSE_SPECIFICATION = struct("SSESpecification",
            m("Enabled", BOOL), m("SSEType", TEXT, c().oneOf("AES256", "KMS")), m("KMSMasterKeyId", TEXT));
    private static final Shape.Struct TAG = struct("Tag",
            m("Key", TEXT, c().notNullable().length(1, 128)), m("Value", TEXT, c().notNullable().length(0, 256)));
    private static final Shape.Struct EXPECTED_ATTRIBUTE_VALUE = struct("ExpectedAttributeValue",
            m("AttributeValueList", list(ATTRIBUTE_VALUE)), m("ComparisonOperator", TEXT, COMPARISON_OPERATOR),
            m("Exists", BOOL), m("Value", ATTRIBUTE_VALUE));
    private static final Shape.Struct CONDITION = struct("Condition",
            m("AttributeValueList", list(ATTRIBUTE_VALUE)), m("ComparisonOperator", TEXT, COMPARISON_OPERATOR.notNullable()));
    private static final Shape.Struct ATTRIBUTE_VALUE_UPDATE = struct("AttributeValueUpdate",
            m("Action", TEXT, c().oneOf("ADD", "PUT", "DELETE")), m("Value", ATTRIBUTE_VALUE));

    private static final Map<String, Shape.Struct> OPERATIONS = operations();
    /** Operations whose missing TableName is "The parameter 'TableName' is required but was not present in the request". */
    private static final Set<String> TABLE_NAME_REQUIRED = Set.of("CreateTable", "DescribeTable", "UpdateTable", "DeleteTable",
            "DescribeTimeToLive", "UpdateTimeToLive");

    private OperationShapes() {}

    /** The input shape of an operation (a DynamoDB or a DynamoDB Streams one), if the emulator serves it. */
    public static Optional<Shape.Struct> input(String operation) {
        return Optional.ofNullable(OPERATIONS.get(operation));
    }

    /**
     * True when a missing TableName is refused with "The parameter 'TableName' is required ..." before any
     * other check (dynalite test/describeTable.js, createTable.js; dynamodb-conformance
     * tests/tier3/error-messages/createTable.test.ts), instead of as a member constraint.
     */
    public static boolean tableNameRequired(String operation) {
        return TABLE_NAME_REQUIRED.contains(operation);
    }

    private static Shape attributeValue() {
        return ATTRIBUTE_VALUE;
    }

    private static Map<String, Shape.Struct> operations() {
        Map<String, Shape.Struct> ops = new TreeMap<>();
        Shape.Struct gsi = struct("GlobalSecondaryIndex",
                m("IndexName", TEXT, INDEX_NAME.notNullable()),
                m("KeySchema", list(INDEX_KEY_SCHEMA_ELEMENT), c().notNullable().length(1, 2)),
                m("Projection", PROJECTION, c().notNullable()),
                m("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
                m("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
                m("WarmThroughput", WARM_THROUGHPUT));
        Shape.Struct lsi = struct("LocalSecondaryIndex",
                m("IndexName", TEXT, INDEX_NAME.notNullable()),
                m("KeySchema", list(INDEX_KEY_SCHEMA_ELEMENT), c().notNullable().length(1, 2)),
                m("Projection", PROJECTION, c().notNullable()));
        ops.put("CreateTable", struct("CreateTableInput",
                m("AttributeDefinitions", list(ATTRIBUTE_DEFINITION), c().notNullable()),
                m("TableName", TEXT, TABLE_NAME),
                m("BillingMode", TEXT, BILLING_MODE),
                m("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
                m("KeySchema", list(KEY_SCHEMA_ELEMENT), c().notNullable().length(1, 2)),
                // AWS reports the global indexes' problems before the local ones' (validation-ordering/createTable.test.ts)
                m("GlobalSecondaryIndexes", list(gsi)),
                m("LocalSecondaryIndexes", list(lsi)),
                m("StreamSpecification", STREAM_SPECIFICATION),
                m("SSESpecification", SSE_SPECIFICATION),
                m("Tags", list(TAG)),
                m("TableClass", TEXT, c().oneOf("STANDARD", "STANDARD_INFREQUENT_ACCESS")),
                m("DeletionProtectionEnabled", BOOL),
                m("WarmThroughput", WARM_THROUGHPUT),
                m("ResourcePolicy", TEXT),
                m("OnDemandThroughput", ON_DEMAND_THROUGHPUT)));
        ops.put("DescribeTable", struct("DescribeTableInput", m("TableName", TEXT, TABLE_NAME)));
        ops.put("DeleteTable", struct("DeleteTableInput", m("TableName", TEXT, TABLE_NAME)));
        ops.put("DescribeTimeToLive", struct("DescribeTimeToLiveInput", m("TableName", TEXT, TABLE_NAME)));
        ops.put("DescribeContinuousBackups", struct("DescribeContinuousBackupsInput", m("TableName", TEXT, TABLE_NAME)));
        ops.put("ListTables", struct("ListTablesInput",
                m("Limit", INTEGER, c().atLeast(1).atMost(100)),
                m("ExclusiveStartTableName", TEXT, c().matching(NAME_PATTERN).length(3, 255))));
        ops.put("UpdateTable", struct("UpdateTableInput",
                m("TableName", TEXT, TABLE_NAME),
                m("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
                m("BillingMode", TEXT, BILLING_MODE),
                m("GlobalSecondaryIndexUpdates", list(struct("GlobalSecondaryIndexUpdate",
                        m("Update", struct("UpdateGlobalSecondaryIndexAction",
                                m("IndexName", TEXT, INDEX_NAME.notNullable()),
                                m("ProvisionedThroughput", PROVISIONED_THROUGHPUT, c().notNullable()),
                                m("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
                                m("WarmThroughput", WARM_THROUGHPUT))),
                        m("Create", struct("CreateGlobalSecondaryIndexAction",
                                m("Projection", PROJECTION, c().notNullable()),
                                m("IndexName", TEXT, INDEX_NAME.notNullable()),
                                m("ProvisionedThroughput", PROVISIONED_THROUGHPUT),
                                m("KeySchema", list(INDEX_KEY_SCHEMA_ELEMENT), c().notNullable().length(1, 2)),
                                m("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
                                m("WarmThroughput", WARM_THROUGHPUT))),
                        m("Delete", struct("DeleteGlobalSecondaryIndexAction",
                                m("IndexName", TEXT, INDEX_NAME.notNullable())))))),
                m("AttributeDefinitions", list(ATTRIBUTE_DEFINITION)),
                m("StreamSpecification", STREAM_SPECIFICATION),
                m("SSESpecification", SSE_SPECIFICATION),
                m("TableClass", TEXT, c().oneOf("STANDARD", "STANDARD_INFREQUENT_ACCESS")),
                m("DeletionProtectionEnabled", BOOL),
                m("OnDemandThroughput", ON_DEMAND_THROUGHPUT),
                m("WarmThroughput", WARM_THROUGHPUT)));
        ops.put("UpdateTimeToLive", struct("UpdateTimeToLiveInput",
                m("TableName", TEXT, TABLE_NAME),
                m("TimeToLiveSpecification", struct("TimeToLiveSpecification",
                        m("Enabled", BOOL, c().notNullable()),
                        m("AttributeName", TEXT, c().notNullable().length(1, 255))), c().notNullable())));
        ops.put("UpdateContinuousBackups", struct("UpdateContinuousBackupsInput",
                m("TableName", TEXT, TABLE_NAME),
                m("PointInTimeRecoverySpecification", struct("PointInTimeRecoverySpecification",
                        m("PointInTimeRecoveryEnabled", BOOL, c().notNullable()),
                        m("RecoveryPeriodInDays", INTEGER, c().atLeast(1).atMost(35))), c().notNullable())));
        ops.put("PutItem", struct("PutItemInput",
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("TableName", TEXT, TABLE_NAME),
                m("Item", ATTRIBUTE_MAP, c().notNullable()),
                m("ConditionalOperator", TEXT, CONDITIONAL_OPERATOR),
                m("Expected", map(EXPECTED_ATTRIBUTE_VALUE, MODEL + "ExpectedAttributeValue")),
                m("ReturnValues", TEXT, RETURN_VALUES),
                m("ReturnItemCollectionMetrics", TEXT, RETURN_ITEM_COLLECTION_METRICS),
                m("ConditionExpression", TEXT),
                m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ExpressionAttributeNames", NAME_MAP),
                m("ReturnValuesOnConditionCheckFailure", TEXT, RETURN_VALUES_ON_FAILURE)));
        ops.put("GetItem", struct("GetItemInput",
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("AttributesToGet", list(TEXT), ATTRIBUTES_TO_GET),
                m("TableName", TEXT, TABLE_NAME),
                m("Key", ATTRIBUTE_MAP, c().notNullable()),
                m("ConsistentRead", BOOL),
                m("ProjectionExpression", TEXT),
                m("ExpressionAttributeNames", NAME_MAP)));
        ops.put("DeleteItem", struct("DeleteItemInput",
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("TableName", TEXT, TABLE_NAME),
                m("ReturnValues", TEXT, RETURN_VALUES),
                m("ReturnItemCollectionMetrics", TEXT, RETURN_ITEM_COLLECTION_METRICS),
                m("Key", ATTRIBUTE_MAP, c().notNullable()),
                m("ConditionalOperator", TEXT, CONDITIONAL_OPERATOR),
                m("Expected", map(EXPECTED_ATTRIBUTE_VALUE, MODEL + "ExpectedAttributeValue")),
                m("ConditionExpression", TEXT),
                m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ExpressionAttributeNames", NAME_MAP),
                m("ReturnValuesOnConditionCheckFailure", TEXT, RETURN_VALUES_ON_FAILURE)));
        // UpdateItem reports ReturnConsumedCapacity, tableName, ReturnValues, ConditionalOperator, then key
        // (validation-ordering/updateItem.test.ts)
        ops.put("UpdateItem", struct("UpdateItemInput",
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("TableName", TEXT, TABLE_NAME),
                m("ReturnItemCollectionMetrics", TEXT, RETURN_ITEM_COLLECTION_METRICS),
                m("ReturnValues", TEXT, RETURN_VALUES),
                m("ConditionalOperator", TEXT, CONDITIONAL_OPERATOR),
                m("Key", ATTRIBUTE_MAP, c().notNullable()),
                m("Expected", map(EXPECTED_ATTRIBUTE_VALUE, MODEL + "ExpectedAttributeValue")),
                m("AttributeUpdates", map(ATTRIBUTE_VALUE_UPDATE, MODEL + "AttributeValueUpdate")),
                m("ConditionExpression", TEXT),
                m("UpdateExpression", TEXT),
                m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ExpressionAttributeNames", NAME_MAP),
                m("ReturnValuesOnConditionCheckFailure", TEXT, RETURN_VALUES_ON_FAILURE)));
        ops.put("Query", struct("QueryInput",
                m("Select", TEXT, SELECT),
                m("IndexName", TEXT, INDEX_NAME),
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("QueryFilter", map(CONDITION, MODEL + "Condition")),
                m("TableName", TEXT, TABLE_NAME),
                m("ConditionalOperator", TEXT, CONDITIONAL_OPERATOR),
                m("AttributesToGet", list(TEXT), ATTRIBUTES_TO_GET),
                m("Limit", INTEGER, c().atLeast(1)),
                m("KeyConditions", map(CONDITION, MODEL + "Condition")),
                m("ExclusiveStartKey", ATTRIBUTE_MAP),
                m("ConsistentRead", BOOL),
                m("ScanIndexForward", BOOL),
                m("KeyConditionExpression", TEXT),
                m("FilterExpression", TEXT),
                m("ProjectionExpression", TEXT),
                m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ExpressionAttributeNames", NAME_MAP)));
        ops.put("Scan", struct("ScanInput",
                m("Select", TEXT, SELECT),
                m("IndexName", TEXT, INDEX_NAME),
                m("TotalSegments", INTEGER, c().atLeast(1).atMost(1_000_000)),
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("TableName", TEXT, TABLE_NAME),
                m("ConditionalOperator", TEXT, CONDITIONAL_OPERATOR),
                m("ScanFilter", map(CONDITION, MODEL + "Condition")),
                m("Segment", INTEGER, c().atLeast(0).atMost(999_999)),
                m("Limit", INTEGER, c().atLeast(1)),
                m("AttributesToGet", list(TEXT), ATTRIBUTES_TO_GET),
                m("ExclusiveStartKey", ATTRIBUTE_MAP),
                m("FilterExpression", TEXT),
                m("ProjectionExpression", TEXT),
                m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ExpressionAttributeNames", NAME_MAP),
                m("ConsistentRead", BOOL)));
        Constraints requestTables = c().matching(NAME_PATTERN).length(3, 255);
        // the request map, then the enum (validation-ordering/batchOperations.test.ts)
        ops.put("BatchGetItem", struct("BatchGetItemInput",
                m("RequestItems", map(struct("KeysAndAttributes",
                                m("Keys", list(ATTRIBUTE_MAP), c().notNullable().length(1, 100)),
                                m("AttributesToGet", list(TEXT), ATTRIBUTES_TO_GET),
                                m("ConsistentRead", BOOL),
                                m("ProjectionExpression", TEXT),
                                m("ExpressionAttributeNames", NAME_MAP)), MODEL + "KeysAndAttributes"),
                        c().notNullable().withKeys(requestTables).echoedAs(Constraints.Echo.JSON)),
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY)));
        // BatchWriteItem reports a malformed table name only when the other members pass
        // (validation-ordering/batchOperations.test.ts)
        ops.put("BatchWriteItem", struct("BatchWriteItemInput",
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("ReturnItemCollectionMetrics", TEXT, RETURN_ITEM_COLLECTION_METRICS),
                m("RequestItems", map(list(struct("WriteRequest",
                                m("DeleteRequest", struct("DeleteRequest", m("Key", ATTRIBUTE_MAP, c().notNullable()))),
                                m("PutRequest", struct("PutRequest", m("Item", ATTRIBUTE_MAP, c().notNullable()))))),
                                "java.util.List<" + MODEL + "WriteRequest>"),
                        c().notNullable().withValues(c().length(1, 25)).thenAfterOthers(c().withKeys(requestTables)))));
        Shape.Struct put = struct("Put", m("Item", ATTRIBUTE_MAP, c().notNullable()), m("TableName", TEXT, TABLE_NAME),
                m("ConditionExpression", TEXT), m("ExpressionAttributeNames", NAME_MAP), m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ReturnValuesOnConditionCheckFailure", TEXT, RETURN_VALUES_ON_FAILURE));
        Shape.Struct delete = struct("Delete", m("Key", ATTRIBUTE_MAP, c().notNullable()), m("TableName", TEXT, TABLE_NAME),
                m("ConditionExpression", TEXT), m("ExpressionAttributeNames", NAME_MAP), m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ReturnValuesOnConditionCheckFailure", TEXT, RETURN_VALUES_ON_FAILURE));
        Shape.Struct update = struct("Update", m("Key", ATTRIBUTE_MAP, c().notNullable()),
                m("UpdateExpression", TEXT, c().notNullable()), m("TableName", TEXT, TABLE_NAME),
                m("ConditionExpression", TEXT), m("ExpressionAttributeNames", NAME_MAP), m("ExpressionAttributeValues", ATTRIBUTE_MAP),
                m("ReturnValuesOnConditionCheckFailure", TEXT, RETURN_VALUES_ON_FAILURE));
        Shape.Struct check = struct("ConditionCheck", m("Key", ATTRIBUTE_MAP, c().notNullable()), m("TableName", TEXT, TABLE_NAME),
                m("ConditionExpression", TEXT, c().notNullable()), m("ExpressionAttributeNames", NAME_MAP),
                m("ExpressionAttributeValues", ATTRIBUTE_MAP), m("ReturnValuesOnConditionCheckFailure", TEXT, RETURN_VALUES_ON_FAILURE));
        // the token, then the enums (validation-ordering/transactions.test.ts)
        ops.put("TransactWriteItems", struct("TransactWriteItemsInput",
                m("ClientRequestToken", TEXT, c().length(1, 36)),
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("ReturnItemCollectionMetrics", TEXT, RETURN_ITEM_COLLECTION_METRICS),
                m("TransactItems", list(struct("TransactWriteItem", m("ConditionCheck", check), m("Put", put),
                        m("Delete", delete), m("Update", update))), c().notNullable().length(1, 100))));
        ops.put("TransactGetItems", struct("TransactGetItemsInput",
                m("ReturnConsumedCapacity", TEXT, RETURN_CONSUMED_CAPACITY),
                m("TransactItems", list(struct("TransactGetItem", m("Get", struct("Get",
                        m("Key", ATTRIBUTE_MAP, c().notNullable()), m("TableName", TEXT, TABLE_NAME),
                        m("ProjectionExpression", TEXT), m("ExpressionAttributeNames", NAME_MAP)), c().notNullable()))),
                        c().notNullable().length(1, 100))));
        ops.put("DescribeEndpoints", struct("DescribeEndpointsRequest"));
        ops.put("DescribeLimits", struct("DescribeLimitsInput"));
        ops.put("TagResource", struct("TagResourceInput", m("ResourceArn", TEXT), m("Tags", list(TAG))));
        ops.put("UntagResource", struct("UntagResourceInput", m("ResourceArn", TEXT), m("TagKeys", list(TEXT))));
        ops.put("ListTagsOfResource", struct("ListTagsOfResourceInput", m("ResourceArn", TEXT), m("NextToken", TEXT)));
        ops.put("ListStreams", struct("ListStreamsInput", m("TableName", TEXT), m("Limit", INTEGER), m("ExclusiveStartStreamArn", TEXT)));
        ops.put("DescribeStream", struct("DescribeStreamInput", m("StreamArn", TEXT), m("Limit", INTEGER),
                m("ExclusiveStartShardId", TEXT), m("ShardFilter", struct("ShardFilter", m("Type", TEXT), m("ShardId", TEXT)))));
        ops.put("GetShardIterator", struct("GetShardIteratorInput", m("StreamArn", TEXT), m("ShardId", TEXT),
                m("ShardIteratorType", TEXT), m("SequenceNumber", TEXT)));
        ops.put("GetRecords", struct("GetRecordsInput", m("ShardIterator", TEXT), m("Limit", INTEGER)));
        return Map.copyOf(ops);
    }

    private static Constraints c() {
        return Constraints.none();
    }

    private static Member m(String name, Shape shape) {
        return new Member(name, shape, Constraints.none());
    }

    private static Member m(String name, Shape shape, Constraints constraints) {
        return new Member(name, shape, constraints);
    }

    private static Shape.ListOf list(Shape member) {
        return new Shape.ListOf(member);
    }

    private static Shape.MapOf map(Shape value, String valueType) {
        return new Shape.MapOf(value, valueType);
    }

    private static Shape.Struct struct(String name, Member... members) {
        return new Shape.Struct(name, List.of(members));
    }
}
