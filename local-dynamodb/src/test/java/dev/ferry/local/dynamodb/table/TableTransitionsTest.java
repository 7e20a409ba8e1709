package dev.ferry.local.dynamodb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Tables that take time to change state, on an emulator whose clock the test moves (no test here waits on real
 * time). What each state refuses follows the API reference: DeleteTable on a CREATING or UPDATING table is
 * ResourceInUseException, on a DELETING one it answers without error, and reads and writes may go on while a
 * table is DELETING (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html); an
 * item operation on a table that is not ACTIVE yet is ResourceNotFoundException ("its status might not be
 * ACTIVE", API_GetItem Errors; dynalite test/batchWriteItem.js "if table is being created", recorded on DynamoDB).
 */
class TableTransitionsTest {
    private static final Duration DELAY = Duration.ofSeconds(10);
    private static final MutableClock clock = new MutableClock(Instant.now());
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient dynamodb;

    @BeforeAll
    static void start() {
        emulator = DynamoDbEmulator.builder().clock(clock).tableTransitions(DELAY).ttlSweepInterval(Duration.ofHours(1)).start();
        dynamodb = DynamoDbClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String create() {
        String name = "transitions-" + UUID.randomUUID().toString().substring(0, 8);
        dynamodb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        return name;
    }

    private static TableStatus status(String name) {
        return dynamodb.describeTable(b -> b.tableName(name)).table().tableStatus();
    }

    private static void put(String name) {
        dynamodb.putItem(b -> b.tableName(name).item(Map.of("id", AttributeValue.fromS("a"))));
    }

    @Test
    void aNewTableIsCreatingUntilItsCreationHasRunItsCourse() {
        String name = create();
        assertThat(status(name)).isEqualTo(TableStatus.CREATING);
        assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> put(name)).awsErrorDetails().errorMessage())
                .isEqualTo("Requested resource not found");
        assertThat(catchThrowableOfType(ResourceInUseException.class, () -> dynamodb.deleteTable(b -> b.tableName(name)))
                .awsErrorDetails().errorMessage()).isEqualTo("Attempt to change a resource which is still in use: Table is being created: " + name);
        clock.advance(DELAY);
        assertThat(status(name)).isEqualTo(TableStatus.ACTIVE);
        put(name);
    }

    @Test
    void anUpdatedTableRefusesAnotherUpdateButServesItems() {
        String name = create();
        clock.advance(DELAY);
        dynamodb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(true));
        assertThat(status(name)).isEqualTo(TableStatus.UPDATING);
        put(name);
        assertThat(catchThrowableOfType(ResourceInUseException.class, () -> dynamodb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(false)))
                .awsErrorDetails().errorMessage()).isEqualTo("Attempt to change a resource which is still in use: Table is being updated: " + name);
        assertThatThrownBy(() -> dynamodb.deleteTable(b -> b.tableName(name))).isInstanceOf(ResourceInUseException.class);
        clock.advance(DELAY);
        assertThat(status(name)).isEqualTo(TableStatus.ACTIVE);
        dynamodb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(false));
    }

    @Test
    void aDeletedTableStaysDeletingThenIsGone() {
        String name = create();
        clock.advance(DELAY);
        put(name);
        assertThat(dynamodb.deleteTable(b -> b.tableName(name)).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(status(name)).isEqualTo(TableStatus.DELETING);
        assertThat(dynamodb.deleteTable(b -> b.tableName(name)).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(dynamodb.getItem(b -> b.tableName(name).key(Map.of("id", AttributeValue.fromS("a")))).item()).isNotEmpty();
        assertThat(dynamodb.listTables().tableNames()).contains(name);
        assertThatThrownBy(() -> dynamodb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)))).isInstanceOf(ResourceInUseException.class);
        clock.advance(DELAY);
        assertThatThrownBy(() -> dynamodb.describeTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(dynamodb.listTables().tableNames()).doesNotContain(name);
        create();
    }

    @Test
    void aNewGlobalIndexIsCreatingWhileTheTableIsUpdating() {
        String name = create();
        clock.advance(DELAY);
        var answer = dynamodb.updateTable(b -> b.tableName(name).attributeDefinitions(a -> a.attributeName("g").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byG").keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))))).tableDescription();
        assertThat(answer.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThat(answer.globalSecondaryIndexes().getFirst().indexStatus()).isEqualTo(IndexStatus.CREATING);
        clock.advance(DELAY);
        var settled = dynamodb.describeTable(b -> b.tableName(name)).table();
        assertThat(settled.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(settled.globalSecondaryIndexes().getFirst().indexStatus()).isEqualTo(IndexStatus.ACTIVE);
    }

    @Test
    void theSdkWaiterWaitsForTheTable() {
        String name = create();
        java.util.function.Consumer<WaiterOverrideConfiguration.Builder> quick = w -> w.maxAttempts(3)
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(1)));
        // while the table is CREATING every poll fails, so a waiter with three attempts gives up
        assertThatThrownBy(() -> dynamodb.waiter().waitUntilTableExists(r -> r.tableName(name), quick))
                .hasMessageContaining("attempts");
        clock.advance(DELAY);
        assertThat(dynamodb.waiter().waitUntilTableExists(r -> r.tableName(name), quick).matched().response().orElseThrow()
                .table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    @Test
    void theDelayComesFromTheBuilderThenTheSystemPropertyThenTheEnvironment() {
        Properties properties = new Properties();
        assertThat(TableTransitions.from(properties, Map.of()).isInstant()).isTrue();
        assertThat(TableTransitions.from(properties, Map.of(TableTransitions.ENV, "PT3S"))).isEqualTo(TableTransitions.taking(Duration.ofSeconds(3)));
        properties.setProperty(TableTransitions.PROPERTY, "PT1S");
        assertThat(TableTransitions.from(properties, Map.of(TableTransitions.ENV, "PT3S"))).isEqualTo(TableTransitions.taking(Duration.ofSeconds(1)));
        properties.setProperty(TableTransitions.PROPERTY, "two seconds");
        assertThatThrownBy(() -> TableTransitions.from(properties, Map.of())).hasMessageContaining("ISO-8601 duration such as PT2S");
        assertThat(emulator.tableTransitions()).isEqualTo(TableTransitions.taking(DELAY));
    }
}
