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
        String name = hashTable("twice");
        assertThatThrownBy(() -> dynamodb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))))
                .isInstanceOf(ResourceInUseException.class);
    }

    @Test
    void describingAMissingTableIsResourceNotFound() {
        assertThatThrownBy(() -> dynamodb.describeTable(b -> b.tableName(uniqueName("missing"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> dynamodb.getItem(b -> b.tableName(uniqueName("missing")).key(item("id", s("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void attributeDefinitionsMustMatchTheKeysExactly() {
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName(uniqueName("extra")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("unused", ScalarAttributeType.S)).keySchema(hash("id"))));
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName(uniqueName("undefined")).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("other", ScalarAttributeType.S)).keySchema(hash("id"))));
    }

    @Test
    void provisionedBillingNeedsThroughputAndOnDemandRefusesIt() {
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
        String name = hashTable("delete");
        dynamodb.deleteTable(b -> b.tableName(name));
        dynamodb.waiter().waitUntilTableNotExists(b -> b.tableName(name));
        assertThatThrownBy(() -> dynamodb.describeTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> dynamodb.deleteTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletionProtectionBlocksDeleteTableUntilTurnedOff() {
        String name = createTable("protected", b -> b.deletionProtectionEnabled(true)
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id")));
        assertValidationError(() -> dynamodb.deleteTable(b -> b.tableName(name)));
        dynamodb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(false));
        dynamodb.deleteTable(b -> b.tableName(name));
    }

    @Test
    void addingAGlobalIndexBackfillsExistingItems() {
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
        assertValidationError(() -> dynamodb.createTable(b -> b.tableName("a!").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))));
    }

    @Test
    void tagsGivenAtCreationAreListed() {
        String name = createTable("createtags", b -> b.attributeDefinitions(attr("id", ScalarAttributeType.S)).keySchema(hash("id"))
                .tags(t -> t.key("service").value("orders")));
        String arn = dynamodb.describeTable(b -> b.tableName(name)).table().tableArn();
        assertThat(dynamodb.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("service=orders"));
    }

    @Test
    void pointInTimeRecoveryCanBeSwitchedOn() {
        String name = hashTable("pitr");
        dynamodb.updateContinuousBackups(b -> b.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        var d = dynamodb.describeContinuousBackups(b -> b.tableName(name)).continuousBackupsDescription();
        assertThat(d.pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isIn("ENABLED", "ENABLING");
    }

    @Test
    void tagsAreListedAfterTagging() {
        String name = hashTable("tags");
        String arn = dynamodb.describeTable(b -> b.tableName(name)).table().tableArn();
        dynamodb.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("payments")));
        assertThat(dynamodb.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=payments"));
    }
}
