package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.http.Caller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rules of docs/openapi.yaml that {@link ApiFuzzIT} found broken, each as one plain scenario, so that a fix
 * has a test that names it (the fuzz test meets them by chance, these every time).
 */
@ExtendWith(FerryExtension.class)
class RequestRulesIT {

    private static final String EMOJI = "\uD83D\uDE00";

    private final FerrySystem ferry;
    private final RawHttp http;

    RequestRulesIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.http = new RawHttp(ferry.api().base());
    }

    @Test
    void anIdempotencyKeySentTwiceIsRefusedAndPlacesNoOrder() {
        String key = "twice-" + UUID.randomUUID();
        HttpCall call = new HttpCall("POST", "/orders", List.of(Map.entry("Idempotency-Key", key), Map.entry("Idempotency-Key", key),
                Map.entry("Content-Type", "application/json")), "{\"accountId\":\"a\",\"amount\":\"1.00\",\"currency\":\"EUR\"}");

        HttpAnswer answer = http.send(call);

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.mediaType()).contains("application/problem+json");
        for (String read : IdempotencyKeys.readings(call.header("Idempotency-Key"))) {
            assertThat(orderExists(DerivedIds.order(Caller.anonymous(), read))).as("an order for key '%s'", read).isFalse();
        }
    }

    @Test
    void aBlankIdempotencyKeyIsRefused() {
        HttpAnswer answer = http.send(new HttpCall("POST", "/orders", List.of(Map.entry("Idempotency-Key", " "),
                Map.entry("Content-Type", "application/json")), "{\"accountId\":\"a\",\"amount\":\"1.00\",\"currency\":\"EUR\"}"));

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.mediaType()).contains("application/problem+json");
    }

    @Test
    void aReplayCarriesTheCorrelationIdOfTheFirstAnswer() {
        String key = "replay-" + UUID.randomUUID();
        String body = "{\"accountId\":\"a\",\"amount\":\"1.00\",\"currency\":\"EUR\"}";
        HttpAnswer first = http.send(post("/orders", key, body, "first-" + key));
        HttpAnswer replay = http.send(post("/orders", key, body, "second-" + key));

        assertThat(first.status()).as("%s", first).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(replay.header("X-Correlation-Id")).as("the replay's correlation id").isEqualTo(first.header("X-Correlation-Id"));
    }

    @Test
    void anIdEncodedTwiceNamesNothing() {
        HttpAnswer opened = http.send(post("/accounts", "twice-encoded-" + UUID.randomUUID(),
                "{\"owner\":\"Alan Kay\",\"email\":\"alan@example.com\",\"currency\":\"EUR\"}", "rules-" + UUID.randomUUID()));
        String id = opened.json().orElseThrow().path("id").asText();
        String encodedTwice = String.format("%%25%02X", (int) id.charAt(0)) + id.substring(1);

        HttpAnswer answer = http.send(new HttpCall("GET", "/accounts/" + encodedTwice, List.of(), ""));

        assertThat(answer.status()).as("GET /accounts/%s (decoded once: %%%02X%s): %s", encodedTwice, (int) id.charAt(0), id.substring(1), answer)
                .isEqualTo(404);
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        HttpAnswer hundred = http.send(post("/accounts", "length-" + UUID.randomUUID(),
                "{\"owner\":\"" + EMOJI.repeat(100) + "\",\"email\":\"emoji@example.com\",\"currency\":\"EUR\"}", "rules-" + UUID.randomUUID()));
        HttpAnswer hundredAndOne = http.send(post("/accounts", "length-" + UUID.randomUUID(),
                "{\"owner\":\"" + EMOJI.repeat(101) + "\",\"email\":\"emoji@example.com\",\"currency\":\"EUR\"}", "rules-" + UUID.randomUUID()));

        assertThat(hundred.status()).as("an owner of 100 characters: %s", hundred).isEqualTo(201);
        assertThat(hundredAndOne.status()).as("an owner of 101 characters: %s", hundredAndOne).isEqualTo(400);
    }

    @Test
    void aDepositPastTheLimitOfMoneyIsRejectedWithItsReasonAndBlocksNoLaterDeposit() {
        HttpAnswer opened = http.send(post("/accounts", "limit-" + UUID.randomUUID(),
                "{\"owner\":\"Ada Limit\",\"email\":\"limit@example.com\",\"currency\":\"EUR\"}", "rules-" + UUID.randomUUID()));
        String account = opened.json().orElseThrow().path("id").asText();
        String deposits = "/accounts/" + account + "/deposits";

        String nearlyFull = depositId(http.send(post(deposits, UUID.randomUUID().toString(), "{\"amount\":\"999999999998.00\",\"currency\":\"EUR\"}", "limit")));
        HttpAnswer pastTheLimit = http.send(post(deposits, UUID.randomUUID().toString(), "{\"amount\":\"5.00\",\"currency\":\"EUR\"}", "limit"));
        String fitting = depositId(http.send(post(deposits, UUID.randomUUID().toString(), "{\"amount\":\"1.00\",\"currency\":\"EUR\"}", "limit")));

        assertThat(outcome(account, nearlyFull).path("status").asText()).isEqualTo("APPLIED");
        // Refused up front when the first deposit was already applied as the second arrived; otherwise accepted, then
        // rejected by the worker. Which one depends on the worker's pace, and both give the reason.
        if (pastTheLimit.status() == 422) {
            assertThat(pastTheLimit.json().orElseThrow().path("detail").asText()).as("%s", pastTheLimit).contains("would exceed");
        } else {
            var rejected = outcome(account, depositId(pastTheLimit));
            assertThat(rejected.path("status").asText()).as("%s", rejected).isEqualTo("REJECTED");
            assertThat(rejected.path("reason").asText()).isNotBlank();
        }
        assertThat(outcome(account, fitting).path("status").asText()).as("the deposit after it").isEqualTo("APPLIED");
        assertThat(http.send(new HttpCall("GET", "/accounts/" + account, List.of(), "")).json().orElseThrow().path("balance").asText())
                .isEqualTo("999999999999.00");
    }

    /** The deposit's status once it left PENDING (a minute at most). */
    private JsonNode outcome(String account, String depositId) {
        AtomicReference<HttpAnswer> last = new AtomicReference<>();
        await("deposit " + depositId + " applied or rejected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last.set(http.send(new HttpCall("GET", "/accounts/" + account + "/deposits/" + depositId, List.of(), "")));
                    assertThat(last.get().status()).as("the deposit's status resource: %s", last.get()).isEqualTo(200);
                    return !last.get().json().orElseThrow().path("status").asText().equals("PENDING");
                });
        return last.get().json().orElseThrow();
    }

    private static String depositId(HttpAnswer accepted) {
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        return accepted.json().orElseThrow().path("depositId").asText();
    }

    private boolean orderExists(String id) {
        return ferry.dynamoDb().getItem(r -> r.tableName(ferry.name("orders")).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).hasItem();
    }

    private static HttpCall post(String path, String key, String body, String correlationId) {
        return new HttpCall("POST", path, List.of(Map.entry("Idempotency-Key", key), Map.entry("Content-Type", "application/json"),
                Map.entry("X-Correlation-Id", correlationId)), body);
    }
}
