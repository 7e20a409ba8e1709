package dev.ferry.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class TableLifecycleTest extends ConformanceTest {

    @Test
    void createdTableIsDescribedActiveWithItsKeysAndBilling() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html (TableStatus, TableArn, KeySchema, AttributeDefinitions, BillingModeSummary)
        // Recorded: scylladb/scylladb test/alternator/test_describe_table.py test_describe_table_basic, test_describe_table_schema, test_describe_table_billing,
        //   test_describe_table_arn, test_describe_table_creation_time
        String name = hashRangeTable("describe");
        TableDescription d = dynamodb.describeTable(b -> b.tableName(name)).table();
        assertThat(d.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(d.tableName()).isEqualTo(name);
        assertThat(d.tableArn()).startsWith("arn:aws:dynamodb:").endsWith(":table/" + name);
        assertThat(d.keySchema()).containsExactly(hash("pk"), range("sk"));
        assertThat(d.attributeDefinitions()).containsExactlyInAnyOrder(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N));
        assertThat(d.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(d.itemCount()).isZero();
        assertThat(d.creationDateTime()).isNotNull();
    }

    @Test
    void describeTableCountsItemsAndBytes() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html#DDB-Type-TableDescription-ItemCount "DynamoDB updates this value
        //   approximately every six hours"; item sizes per https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
        // Ferry's choice: the emulator reports exact counts at every call (checked against the embedded target only)
        String name = hashTable("counts");
        dynamodb.putItem(b -> b.tableName(name).item(item("id", s("a"), "v", s("12345"))));
        dynamodb.putItem(b -> b.tableName(name).item(item("id", s("b"))));
        TableDescription d = dynamodb.describeTable(b -> b.tableName(name)).table();
        if (target.embedded()) { // AWS refreshes these about every six hours
            assertThat(d.itemCount()).isEqualTo(2);
            assertThat(d.tableSizeBytes()).isEqualTo((2 + 1) + (1 + 5) + (2 + 1));
        }
    }

    @Test
    void creatingAnExistingTableIsResourceInUse() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html#API_CreateTable_Errors (ResourceInUseException)
        // Recorded: scylladb/scylladb test/alternator/test_table.py test_create_table_already_exists
        String name = hashTable("twice");
        assertThatThrownBy(() -> dynamodb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))))
                .isInstanceOf(ResourceInUseException.class);
    }

    @Test
    void describingAMissingTableIsResourceNotFound() {
        // Recorded: scylladb/scylladb test/alternator/test_describe_table.py test_describe_table_non_existent_table; architect/dynalite test/describeTable.js
        //   "should return ResourceNotFoundException if table does not exist"
        assertThatThrownBy(() -> dynamodb.describeTable(b -> b.tableName(uniqueName("missing"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> dynamodb.getItem(b -> b.tableName(uniqueName("missing")).key(item("id", s("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void attributeDefinitionsMustMatchTheKeysExactly() {
        // Recorded: scylladb/scylladb test/alternator/test_table.py test_create_table_spurious_attribute_definitions, test_create_table_lacking_attribute_definitions;
        //   architect/dynalite test/createTable.js "should return ValidationException for missing key attr definition"
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName(uniqueName("extra")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("unused", ScalarAttributeType.S)).keySchema(hash("id"))));
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName(uniqueName("undefined")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("other", ScalarAttributeType.S)).keySchema(hash("id"))));
    }

    @Test
    void provisionedBillingNeedsThroughputAndOnDemandRefusesIt() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html#DDB-CreateTable-request-ProvisionedThroughput ("If you set BillingMode as
        //   PROVISIONED, you must specify this property. If you set BillingMode as PAY_PER_REQUEST, you cannot specify this property")
        // Recorded: scylladb/scylladb test/alternator/test_table.py test_create_table_billing_mode_errors; architect/dynalite test/createTable.js
        //   "should return ValidationException for missing ProvisionedThroughput"
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName(uniqueName("prov"))
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))));
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName(uniqueName("ondemand")).billingMode(BillingMode.PAY_PER_REQUEST)
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build())
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))));
        String name = createTable("provisioned", b -> b.billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(3L).build())
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id")));
        var t = dynamodb.describeTable(b -> b.tableName(name)).table().provisionedThroughput();
        assertThat(t.readCapacityUnits()).isEqualTo(5L);
        assertThat(t.writeCapacityUnits()).isEqualTo(3L);
    }

    @Test
    void listTablesPagesWithLastEvaluatedTableName() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html#DDB-ListTables-response-LastEvaluatedTableName
        // Recorded: architect/dynalite test/listTables.js "should return list using ExclusiveStartTableName and Limit";
        //   scylladb/scylladb test/alternator/test_table.py test_list_tables_paginated
        List<String> mine = List.of(hashTable("list"), hashTable("list"), hashTable("list"));
        List<String> seen = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            ListTablesResponse page = dynamodb.listTables(b -> b.limit(2).exclusiveStartTableName(from));
            assertThat(page.tableNames()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
        } while (start != null);
        assertThat(seen).containsAll(mine);
        assertThat(seen).isSorted();
    }

    @Test
    void deletedTableIsGone() {
        // Recorded: architect/dynalite test/deleteTable.js "should eventually delete", "should return ResourceNotFoundException if
        //   table does not exist"; scylladb/scylladb test/alternator/test_table.py test_delete_table_non_existent
        String name = hashTable("delete");
        dynamodb.deleteTable(b -> b.tableName(name));
        dynamodb.waiter().waitUntilTableNotExists(b -> b.tableName(name));
        assertThatThrownBy(() -> dynamodb.describeTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> dynamodb.deleteTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletionProtectionBlocksDeleteTableUntilTurnedOff() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
        // Ferry's choice: the refusal's code (ValidationException) is not documented and no recording is known
        String name = createTable("protected", b -> b.deletionProtectionEnabled(true)
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id")));
        assertValidationError(() -> dynamodb.deleteTable(b -> b.tableName(name)));
        dynamodb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(false));
        dynamodb.deleteTable(b -> b.tableName(name));
    }

    @Test
    void addingAGlobalIndexBackfillsExistingItems() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html#GSI.OnlineOps.Creating (the backfill phase)
        // Recorded: scylladb/scylladb test/alternator/test_gsi_updatetable.py test_gsi_backfill
        String name = hashTable("addgsi");
        dynamodb.putItem(b -> b.tableName(name).item(item("id", s("1"), "colour", s("red"))));
        dynamodb.putItem(b -> b.tableName(name).item(item("id", s("2"), "colour", s("blue"))));
        dynamodb.putItem(b -> b.tableName(name).item(item("id", s("3"))));
        dynamodb.updateTable(b -> b.tableName(name).attributeDefinitions(attr("colour", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byColour").keySchema(hash("colour"))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))));
        awaitIndexActive(name, "byColour");
        var found = dynamodb.query(b -> b.tableName(name).indexName("byColour").keyConditionExpression("colour = :c")
                .expressionAttributeValues(java.util.Map.of(":c", s("red"))));
        assertThat(found.items()).containsExactly(item("id", s("1"), "colour", s("red")));
    }

    private void awaitIndexActive(String table, String index) {
        for (int i = 0; i < 600; i++) {
            var gsis = dynamodb.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes();
            if (gsis.stream().anyMatch(g -> g.indexName().equals(index) && g.indexStatus() == IndexStatus.ACTIVE)) return;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("index " + index + " never became ACTIVE");
    }

    @Test
    void globalIndexesAreDescribedWithTheirProjection() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndexDescription.html (Projection, IndexArn)
        // Recorded: scylladb/scylladb test/alternator/test_gsi.py test_gsi_describe, test_gsi_describe_fields
        String name = createTable("gsidesc", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("g", ScalarAttributeType.N))
                .keySchema(hash("id"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(hash("g"))
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes("x").build()).build()));
        var gsi = dynamodb.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().getFirst();
        assertThat(gsi.indexName()).isEqualTo("byG");
        assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(gsi.projection().nonKeyAttributes()).containsExactly("x");
        assertThat(gsi.indexArn()).endsWith("/index/byG");
    }

    @Test
    void timeToLiveIsEnabledDescribedAndDisabled() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
        // Recorded: scylladb/scylladb test/alternator/test_ttl.py test_describe_ttl_without_ttl, test_ttl_enable (enabling it again is a ValidationException)
        String name = hashTable("ttl");
        assertThat(dynamodb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        var spec = dynamodb.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)))
                .timeToLiveSpecification();
        assertThat(spec.attributeName()).isEqualTo("expires");
        var d = dynamodb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
        assertThat(d.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        assertThat(d.attributeName()).isEqualTo("expires");
        assertValidationError(() -> dynamodb.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName("expires").enabled(true))));
    }

    @Test
    void invalidTableNameIsRejected() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-naming-rules-tables-secondary-indexes
        // Recorded: architect/dynalite test/createTable.js "should return ValidationException for short TableName"
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName("a!").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))));
    }

    @Test
    void tagsGivenAtCreationAreListed() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html#DDB-CreateTable-request-Tags
        // Recorded: scylladb/scylladb test/alternator/test_tag.py test_list_tags_from_creation
        String name = createTable("createtags", b -> b.attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))
                .tags(t -> t.key("service").value("orders")));
        String arn = dynamodb.describeTable(b -> b.tableName(name)).table().tableArn();
        assertThat(dynamodb.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("service=orders"));
    }

    @Test
    void pointInTimeRecoveryCanBeSwitchedOn() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
        // Ferry's choice: the emulator keeps the switch only (nothing is backed up), see docs/dynamodb-emulator.md
        String name = hashTable("pitr");
        dynamodb.updateContinuousBackups(b -> b.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        var d = dynamodb.describeContinuousBackups(b -> b.tableName(name)).continuousBackupsDescription();
        assertThat(d.pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isIn("ENABLED", "ENABLING");
    }

    @Test
    void tagsAreListedAfterTagging() {
        // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html
        // Recorded: scylladb/scylladb test/alternator/test_tag.py test_tag_resource_basic
        String name = hashTable("tags");
        String arn = dynamodb.describeTable(b -> b.tableName(name)).table().tableArn();
        dynamodb.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("payments")));
        assertThat(dynamodb.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=payments"));
    }
}
