package dev.ferry.functions.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A REST API proxy event as API Gateway sends it (from a recorded fixture), with this call's method, path, headers and body. */
public final class ApiCall {

    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;
    private String userArn;

    private ApiCall(String method, String path) {
        this.method = method;
        this.path = path;
        headers.put("Accept", "application/json");
        headers.put("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
    }

    public static ApiCall post(String path) {
        ApiCall call = new ApiCall("POST", path);
        call.headers.put("Content-Type", "application/json");
        return call;
    }

    public static ApiCall get(String path) {
        return new ApiCall("GET", path);
    }

    public static ApiCall method(String method, String path) {
        return new ApiCall(method, path);
    }

    public ApiCall key(String idempotencyKey) {
        return header("Idempotency-Key", idempotencyKey);
    }

    public ApiCall header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ApiCall withoutHeader(String name) {
        headers.remove(name);
        return this;
    }

    /** Signed by this IAM principal, as API Gateway's IAM authorisation reports it in requestContext.identity. */
    public ApiCall signedBy(String principalArn) {
        this.userArn = principalArn;
        return this;
    }

    public ApiCall body(String json) {
        this.body = json;
        return this;
    }

    public APIGatewayProxyRequestEvent event() {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("events/apigw-rest-post-orders.json");
        event.setHttpMethod(method);
        event.setPath(path);
        event.setResource(path);
        event.setHeaders(new LinkedHashMap<>(headers));
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        event.setMultiValueHeaders(multi);
        event.setBody(body);
        event.getRequestContext().setHttpMethod(method);
        event.getRequestContext().setPath("/prod" + path);
        event.getRequestContext().setRequestId("req-" + System.nanoTime());
        if (userArn != null) {
            event.getRequestContext().getIdentity().setUserArn(userArn);
        }
        return event;
    }
}
