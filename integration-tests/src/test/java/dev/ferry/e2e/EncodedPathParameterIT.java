package dev.ferry.e2e;

import static dev.ferry.e2e.Workflow.ACCOUNT_OPENED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A correlation id may hold {@code /}, {@code +} and {@code =}: its trace is found at its percent-encoded path.
 * API Gateway routes on the encoded path (an encoded slash splits no segment) and hands the parameter on still
 * encoded; the function decodes it once.
 */
@ExtendWith(FerryExtension.class)
class EncodedPathParameterIT {

    private final FerrySystem ferry;
    private final Workflow workflow;

    EncodedPathParameterIT(FerrySystem ferry) {
        this.ferry = ferry;
        this.workflow = new Workflow(ferry);
    }

    @Test
    void theTraceOfAConversationWhoseIdHoldsASlashIsFoundAtItsEncodedPath() throws Exception {
        String correlationId = "e2e/batch+7=" + Workflow.key();
        String root = ferry.api().base().toString().replaceAll("/$", "");
        HttpResponse<String> opened = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "/accounts"))
                .header("Content-Type", "application/json").header("Idempotency-Key", Workflow.key())
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"owner\":\"Grace Hopper\",\"email\":\"grace.hopper@example.com\",\"currency\":\"EUR\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        assertThat(opened.headers().firstValue("X-Correlation-Id")).contains(correlationId);

        String encoded = URLEncoder.encode(correlationId, StandardCharsets.UTF_8);
        assertThat(encoded).contains("%2F", "%2B", "%3D");
        List<Workflow.TracedEvent> chain = workflow.awaitTrace(encoded, ACCOUNT_OPENED);

        assertThat(chain).extracting(Workflow.TracedEvent::type).containsExactly(ACCOUNT_OPENED);
    }
}
