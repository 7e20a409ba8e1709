package dev.ferry.functions.analytics;

import dev.ferry.aws.AwsClients;
import dev.ferry.idempotency.TransactionalIdempotency;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Rebuilds the analytics projection into a fresh table while the live consumer keeps running:
 *
 * <pre>
 * java -cp functions/target/ferry-functions.jar dev.ferry.functions.analytics.Replay \
 *      --stream event-log --table analytics-replay-1 [--from trim-horizon|2026-11-30T10:00:00Z] \
 *      [--idempotency-table idempotency] [--create-table]
 * </pre>
 *
 * AWS settings come from the environment as for the functions (AWS_REGION, credentials, AWS_ENDPOINT_URL_*);
 * {@code --idempotency-table} defaults to {@code IDEMPOTENCY_TABLE}. The replay's keys are namespaced by its
 * target table, so it never collides with the live consumer's keys, and live as long as the stream keeps
 * records plus a day: a rerun into the same table (after a crash, or weeks later) counts nothing twice. From {@code trim-horizon} the rebuilt table equals the live one (for
 * the events still in the stream's retention); from an instant (the records' arrival time, as Kinesis'
 * AT_TIMESTAMP reads it) it equals the live one for the minutes wholly after that instant.
 */
public final class Replay {

    private Replay() {
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        Map<String, String> env = System.getenv();
        String stream = require(options, "stream");
        String table = require(options, "table");
        String keys = options.getOrDefault("idempotency-table", env.get("IDEMPOTENCY_TABLE"));
        if (keys == null) {
            throw new IllegalArgumentException("no idempotency table: pass --idempotency-table or set IDEMPOTENCY_TABLE");
        }
        if (table.equals(env.get("ANALYTICS_TABLE"))) {
            throw new IllegalArgumentException("--table " + table + " is the live analytics table; replay into a fresh table"
                    + " (the live consumer has counted these events already)");
        }
        StartPosition from = StartPosition.parse(options.getOrDefault("from", "trim-horizon"));
        try (AwsClients clients = AwsClients.fromEnvironment(env)) {
            if (options.containsKey("create-table")) {
                createTable(clients.dynamoDb(), table);
            }
            ReplayRun.Report report = run(clients, stream, table, keys, from);
            System.out.println("replayed " + report.records() + " records into " + table + ": " + report.projected()
                    + " counted, " + report.rejected() + " rejected as malformed");
        }
    }

    public static ReplayRun.Report run(AwsClients clients, String stream, String table, String idempotencyTable, StartPosition from) {
        AnalyticsProjector projector = new AnalyticsProjector(new AnalyticsTable(clients.dynamoDb(), table),
                new TransactionalIdempotency(clients.dynamoDb(), idempotencyTable, keyLifetime(clients, stream), Clock.systemUTC()),
                namespace(table));
        return new ReplayRun(new KinesisEventLog(clients.kinesis(), stream), projector).run(from);
    }

    /**
     * How long a replay's keys live: as long as the stream keeps records (a replay can read nothing older)
     * plus a day, so that replaying into the same table again, at any later time, counts nothing twice.
     */
    static Duration keyLifetime(AwsClients clients, String stream) {
        Integer hours = clients.kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().retentionPeriodHours();
        return Duration.ofHours(hours == null ? 24 : hours).plusDays(1);
    }

    /** The replay's idempotency namespace: one per target table, distinct from the live consumer's. */
    public static String namespace(String table) {
        return "Replay:" + table;
    }

    static void createTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(AnalyticsTable.MINUTE).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(AnalyticsTable.MINUTE).keyType(KeyType.HASH).build()));
        for (int i = 0; i < 120; i++) {
            try {
                if ("ACTIVE".equals(dynamoDb.describeTable(b -> b.tableName(table)).table().tableStatusAsString())) {
                    return;
                }
            } catch (ResourceNotFoundException notYet) {
                // eventually consistent: keep waiting
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("table " + table + " did not become ACTIVE within two minutes");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options are --stream, --table, --from, --idempotency-table, --create-table");
            }
            String name = arg.substring(2);
            if (name.equals("create-table")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required; usage: Replay --stream event-log --table <fresh table> [--from trim-horizon|<instant>]");
        }
        return value;
    }
}
