package dev.ferry.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

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
        return new HttpRequest(method, event.getRawPath(), headers, body, caller(event));
    }

    /** The IAM signer of an HTTP API request (payload 2.0), else anonymous. */
    public static Caller caller(APIGatewayV2HTTPEvent event) {
        Optional<APIGatewayV2HTTPEvent.RequestContext.IAM> iam = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getIam);
        return Caller.fromIdentity(iam.map(APIGatewayV2HTTPEvent.RequestContext.IAM::getUserArn),
                iam.map(APIGatewayV2HTTPEvent.RequestContext.IAM::getCognitoIdentity)
                        .map(APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity::getIdentityId),
                iam.map(APIGatewayV2HTTPEvent.RequestContext.IAM::getAccessKey));
    }

    /** The IAM (or Cognito) identity of a REST API proxy request (payload 1.0), else anonymous. */
    public static Caller caller(APIGatewayProxyRequestEvent event) {
        Optional<APIGatewayProxyRequestEvent.RequestIdentity> identity = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayProxyRequestEvent.ProxyRequestContext::getIdentity);
        return Caller.fromIdentity(identity.map(APIGatewayProxyRequestEvent.RequestIdentity::getUserArn),
                identity.map(APIGatewayProxyRequestEvent.RequestIdentity::getCognitoIdentityId),
                identity.map(APIGatewayProxyRequestEvent.RequestIdentity::getAccessKey));
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
        return new HttpRequest(event.getHttpMethod(), event.getPath(), headers, body, caller(event));
    }

    public static APIGatewayProxyResponseEvent proxyResponse(HttpResponse response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false);
    }
}
