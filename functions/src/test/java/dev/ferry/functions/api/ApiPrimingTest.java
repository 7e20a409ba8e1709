package dev.ferry.functions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ferry.functions.audit.TracesApiHandler;
import dev.ferry.functions.orders.OrdersApiHandler;
import dev.ferry.functions.payments.AccountsApiHandler;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hooks of the API functions, called as Lambda's runtime calls them around a snapshot: each runs its
 * function's routes on offline clients and reaches nothing (every endpoint here is a closed port: a request that left
 * the JVM would fail and turn into a 500).
 */
class ApiPrimingTest {

    private static final Map<String, String> ENV = environment();

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        for (String service : new String[] {"DYNAMODB", "SQS", "SNS", "KINESIS"}) {
            env.put("AWS_ENDPOINT_URL_" + service, "http://127.0.0.1:9");
        }
        env.put("ORDERS_TABLE", "orders");
        env.put("ORDERS_OUTBOX_TABLE", "orders-outbox");
        env.put("ACCOUNTS_TABLE", "accounts");
        env.put("ACCOUNTS_OUTBOX_TABLE", "accounts-outbox");
        env.put("IDEMPOTENCY_TABLE", "idempotency");
        env.put("IDEMPOTENCY_TTL_SECONDS", "2592000");
        env.put("AUDIT_TABLE", "audit");
        env.put("ACCOUNT_COMMANDS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/account-commands.fifo");
        env.put("TELEMETRY_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:telemetry");
        return Map.copyOf(env);
    }

    @Test
    void ordersApiPlacesAndReadsAnOrderOffline() {
        ApiPriming.Report report = new OrdersApiHandler(ENV).snapStartPriming().prime();

        assertThat(report.statuses()).as("POST /orders accepted, GET /orders/{id} finds none").containsExactly(202, 404);
        assertThat(report.operations()).as("idempotency claim, order and outbox, completion; the read; telemetry")
                .contains("DynamoDB_20120810.TransactWriteItems", "DynamoDB_20120810.GetItem", "PublishBatch");
    }

    @Test
    void accountsApiRunsEveryRouteOffline() {
        ApiPriming.Report report = new AccountsApiHandler(ENV).snapStartPriming().prime();

        assertThat(report.statuses()).as("open, read, deposit to an account it cannot find, read a deposit")
                .containsExactly(201, 404, 404, 404);
        assertThat(report.operations()).contains("DynamoDB_20120810.TransactWriteItems", "DynamoDB_20120810.GetItem",
                "AmazonSQS.SendMessage", "PublishBatch");
    }

    @Test
    void tracesApiQueriesTheAuditTableOffline() {
        ApiPriming.Report report = new TracesApiHandler(ENV).snapStartPriming().prime();

        assertThat(report.statuses()).containsExactly(404);
        assertThat(report.operations()).contains("DynamoDB_20120810.Query", "PublishBatch");
    }

    @Test
    void theHooksRunAsAroundASnapshotAndNeverThrow() {
        for (ApiPriming priming : new ApiPriming[] {new OrdersApiHandler(ENV).snapStartPriming(),
                new AccountsApiHandler(ENV).snapStartPriming(), new TracesApiHandler(ENV).snapStartPriming()}) {
            assertThatCode(() -> {
                priming.beforeCheckpoint(null);
                priming.afterRestore(null);
            }).doesNotThrowAnyException();
        }
        Map<String, String> broken = new HashMap<>(ENV);
        broken.put("ORDERS_TABLE", "orders");
        broken.put("AWS_ENDPOINT_URL_DYNAMODB", "not a url");
        ApiPriming failing = ApiPriming.register("Broken", broken, (clients, telemetry) -> {
            throw new IllegalStateException("cannot build");
        }, java.util.List.of(ApiPriming.Request.get("/x")));
        assertThatCode(() -> failing.beforeCheckpoint(null)).as("a failed priming leaves the snapshot alone").doesNotThrowAnyException();
    }
}
