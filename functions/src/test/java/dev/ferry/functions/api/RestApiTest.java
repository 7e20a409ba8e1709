package dev.ferry.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.ferry.http.HttpRequest;
import dev.ferry.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestApiTest {

    @Test
    void recordedRestEventBecomesARequestWithItsHeadersBodyAndRequestId() {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("events/apigw-rest-post-orders.json");

        HttpRequest request = RestApi.request(event);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).as("the resource path, without the stage").isEqualTo("/orders");
        assertThat(request.header("idempotency-key")).contains("7f4b2c1e-0d9a-4c1b-9a61-3c2f8e0b5d11");
        assertThat(request.body()).contains("\"amount\":\"12.50\"");
        assertThat(RestApi.requestId(event)).contains("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    }

    @Test
    void repeatedHeadersAreJoinedAndBase64BodiesDecoded() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/orders")
                .withHeaders(Map.of("Accept", "application/json"))
                .withMultiValueHeaders(Map.of("Accept", List.of("application/json", "application/problem+json")))
                .withIsBase64Encoded(true)
                .withBody(Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        HttpRequest request = RestApi.request(event);

        assertThat(request.header("Accept")).contains("application/json,application/problem+json");
        assertThat(request.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void responseCarriesStatusHeadersAndBodyAsText() {
        APIGatewayProxyResponseEvent response = RestApi.response(HttpResponse.json(202, "{}").withHeader("Location", "/orders/1"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeaders()).containsEntry("Location", "/orders/1").containsEntry("Content-Type", "application/json");
        assertThat(response.getMultiValueHeaders()).containsEntry("Location", List.of("/orders/1"));
        assertThat(response.getIsBase64Encoded()).isFalse();
    }
}
