package dev.ferry.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Converts between API Gateway events (HTTP API payload 2.0, and REST API proxy integration) and
 * {@link HttpRequest}/{@link HttpResponse}.
 */
public final class ApiGatewayHttp {

    private ApiGatewayHttp() {
    }

    public static HttpRequest request(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        String body = event.getBody() == null ? "" : event.getBody();
        if (event.getIsBase64Encoded() && !body.isEmpty()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        return new HttpRequest(method, event.getRawPath(), headers, body);
    }

    public static APIGatewayV2HTTPResponse response(HttpResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    public static HttpRequest request(APIGatewayProxyRequestEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        if (Boolean.TRUE.equals(event.getIsBase64Encoded()) && !body.isEmpty()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        return new HttpRequest(event.getHttpMethod(), event.getPath(), headers, body);
    }

    public static APIGatewayProxyResponseEvent proxyResponse(HttpResponse response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false);
    }
}
