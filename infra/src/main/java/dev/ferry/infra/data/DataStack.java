package dev.ferry.infra.data;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.outbox.OutboxRecord;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The workflow's DynamoDB tables (docs/architecture.md, "Tables"): on-demand, encrypted with the AWS managed
 * key, point-in-time recovery on. The outbox tables stream their new images to the outbox relay.
 */
public final class DataStack extends Stack {

    /** Outbox records and idempotency records expire through TTL on this attribute. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private final DeploymentSettings settings;
    private final Table orders;
    private final Table accounts;
    private final Table ordersOutbox;
    private final Table accountsOutbox;
    private final Table idempotency;
    private final Table notifications;
    private final Table analytics;
    private final Table audit;

    public DataStack(Construct scope, String id, StackProps props, DeploymentSettings settings) {
        super(scope, id, props);
        this.settings = settings;
        // The state tables still stream for one release: the relay drains the outbox records an earlier version
        // wrote into them (key outbox#<event id>, expiring after a day), see docs/deploy.md "Upgrading".
        orders = table("Orders", "orders", "id", Optional.empty(), true, true);
        accounts = table("Accounts", "accounts", "id", Optional.empty(), true, true);
        // One outbox per service, keyed so that a subject's events share a partition and sort by write order;
        // records leave when published, never by TTL.
        ordersOutbox = table("OrdersOutbox", "orders-outbox", OutboxRecord.SUBJECT, Optional.of(OutboxRecord.SEQUENCE), true, false);
        accountsOutbox = table("AccountsOutbox", "accounts-outbox", OutboxRecord.SUBJECT, Optional.of(OutboxRecord.SEQUENCE), true, false);
        idempotency = table("Idempotency", "idempotency", "id", Optional.empty(), false, true);
        notifications = table("Notifications", "notifications", "id", Optional.empty(), false, false);
        analytics = table("Analytics", "analytics", "minute", Optional.empty(), false, false);
        audit = table("Audit", "audit", "correlationId", Optional.of("position"), false, false);
    }

    private Table table(String id, String logicalName, String partitionKey, Optional<String> sortKey,
            boolean streamsToRelay, boolean expires) {
        Table.Builder builder = Table.Builder.create(this, id)
                .tableName(settings.name(logicalName))
                .partitionKey(stringAttribute(partitionKey))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(settings.production())
                .removalPolicy(settings.removalPolicy());
        sortKey.ifPresent(key -> builder.sortKey(stringAttribute(key)));
        if (streamsToRelay) {
            // NEW_IMAGE is all the relay reads: the outbox record as written.
            builder.stream(StreamViewType.NEW_IMAGE);
        }
        if (expires) {
            builder.timeToLiveAttribute(TTL_ATTRIBUTE);
        }
        Table table = builder.build();
        CfnOutput.Builder.create(this, id + "TableName")
                .description("Name of the " + logicalName + " table")
                .value(table.getTableName())
                .build();
        return table;
    }

    private static Attribute stringAttribute(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    public Table orders() {
        return orders;
    }

    public Table accounts() {
        return accounts;
    }

    public Table ordersOutbox() {
        return ordersOutbox;
    }

    public Table accountsOutbox() {
        return accountsOutbox;
    }

    public Table idempotency() {
        return idempotency;
    }

    public Table notifications() {
        return notifications;
    }

    public Table analytics() {
        return analytics;
    }

    public Table audit() {
        return audit;
    }
}
