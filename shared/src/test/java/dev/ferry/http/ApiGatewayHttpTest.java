package dev.ferry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayHttpTest {

    @Test
    void httpApiEventBecomesARequestWithItsBodyDecoded() {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/orders")
                .withHeaders(Map.of("idempotency-key", "k"))
                .withBody(Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("post").build()).build())
                .build();
        HttpRequest request = ApiGatewayHttp.request(event);
        assertThat(request).isEqualTo(new HttpRequest("POST", "/orders", Map.of("idempotency-key", "k"), "{\"a\":1}"));
        assertThat(request.header("Idempotency-Key")).contains("k");
    }

    @Test
    void restApiProxyEventBecomesARequestAndAResponseGoesBack() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/orders/1")
                .withHeaders(Map.of("X-Correlation-Id", "c-1"));
        assertThat(ApiGatewayHttp.request(event)).isEqualTo(new HttpRequest("GET", "/orders/1", Map.of("X-Correlation-Id", "c-1"), ""));
        var response = ApiGatewayHttp.proxyResponse(Problem.notFound("no order 1").toResponse());
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(ApiGatewayHttp.response(new HttpResponse(202, Map.of("Location", "/orders/1"), "")).getStatusCode()).isEqualTo(202);
    }
}
