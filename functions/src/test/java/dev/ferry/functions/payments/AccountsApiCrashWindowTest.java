package dev.ferry.functions.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.functions.api.KeyedPosts;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.testing.CrashOnFirstCompletion;
import dev.ferry.functions.testing.LocalTables;
import dev.ferry.http.HttpRequest;
import dev.ferry.http.HttpResponse;
import dev.ferry.http.IdempotencyKeyOptions;
import dev.ferry.http.IdempotentEndpoint;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The guarded store's crash window at POST /accounts: the account and its AccountOpened commit, then the
 * process dies before the key's completion is stored. The retry after the window opens no second account.
 */
class AccountsApiCrashWindowTest {

    private static LocalTables tables;
    private static SqsClient unusedSqs;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        // Opening an account sends no command; this client is never called.
        unusedSqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    @AfterAll
    static void stop() {
        unusedSqs.close();
        tables.close();
    }

    @Test
    void retryAfterACrashBetweenTheAccountWriteAndTheKeyCompletionOpensNoSecondAccount() throws Exception {
        String table = tables.name("accounts");
        KeyedPosts posts = new KeyedPosts(new IdempotentEndpoint(new CrashOnFirstCompletion(),
                IdempotencyKeyOptions.required("AccountsApi").inProgressFor(Duration.ofMillis(1))));
        AccountsApi api = new AccountsApi(new AccountTable(tables.client(), table),
                new Outbox(tables.client(), OutboxTable.named(tables.name("accounts-outbox")), Events.codec()),
                new DepositCommands(unusedSqs, "http://127.0.0.1:9/000000000000/account-commands.fifo"), posts, Clock.systemUTC());
        HttpRequest request = new HttpRequest("POST", "/accounts", Map.of("Idempotency-Key", UUID.randomUUID().toString()),
                "{\"owner\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"currency\":\"EUR\"}");
        int openedBefore = tables.outbox("accounts", Events.ACCOUNT_OPENED).size();

        assertThatThrownBy(() -> api.routes().dispatch(request)).hasMessage(CrashOnFirstCompletion.CRASH);
        Thread.sleep(20); // the crashed invocation's in-progress window has passed
        HttpResponse retry = api.routes().dispatch(request);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(tables.outbox("accounts", Events.ACCOUNT_OPENED)).as("one account, one AccountOpened").hasSize(openedBefore + 1);
    }
}
