package dev.ferry.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.ferry.http.ApiGatewayHttp;
import dev.ferry.http.HttpRequest;
import dev.ferry.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between API Gateway REST API proxy-integration events (payload 1.0) and the toolkit's
 * {@link HttpRequest}/{@link HttpResponse}. The toolkit's own adapter speaks HTTP API (payload 2.0) events.
 */
public final class RestApi {

    private RestApi() {
    }

    public static HttpRequest request(APIGatewayProxyRequestEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        // Repeated headers: REST APIs put the last value in headers and all of them in multiValueHeaders.
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((name, values) -> {
                if (name != null && values != null && !values.isEmpty()) {
                    headers.put(name, String.join(",", values));
                }
            });
        }
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (name != null && value != null && headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                    headers.put(name, value);
                }
            });
        }
        String body = event.getBody() == null ? "" : event.getBody();
        if (Boolean.TRUE.equals(event.getIsBase64Encoded()) && !body.isEmpty()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new HttpRequest(event.getHttpMethod(), event.getPath(), headers, body, ApiGatewayHttp.caller(event));
    }

    /** The id API Gateway gave the request, else the Lambda request id: the causation id of what it starts. */
    public static Optional<String> requestId(APIGatewayProxyRequestEvent event) {
        return Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayProxyRequestEvent.ProxyRequestContext::getRequestId)
                .filter(id -> !id.isBlank());
    }

    public static APIGatewayProxyResponseEvent response(HttpResponse response) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        response.headers().forEach((name, value) -> multi.put(name, List.of(value)));
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(new LinkedHashMap<>(response.headers()))
                .withMultiValueHeaders(multi)
                .withBody(response.body())
                .withIsBase64Encoded(false);
    }
}
