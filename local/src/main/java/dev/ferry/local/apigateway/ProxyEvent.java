package dev.ferry.local.apigateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Lambda proxy integration event (payload format 1.0) for a routed request. Absent parts are
 * {@code null}, as API Gateway sends them; {@code path} and {@code pathParameters} keep the client's
 * percent-encoding (see {@link RouteTable}).
 */
final class ProxyEvent {

    private ProxyEvent() {
    }

    static byte[] of(GatewayRequest request, RouteTable.Match match, byte[] body) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("resource", match.route().resourcePath());
        e.put("path", request.path());
        e.put("httpMethod", request.method());
        values(e, "headers", "multiValueHeaders", request.headers());
        values(e, "queryStringParameters", "multiValueQueryStringParameters", request.query());
        if (match.pathParameters().isEmpty()) {
            e.putNull("pathParameters");
        } else {
            ObjectNode p = e.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        e.putNull("stageVariables");
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("resourceId", GatewayRequest.resourceId(match.route().resourcePath()));
        ctx.put("resourcePath", match.route().resourcePath());
        ctx.put("httpMethod", request.method());
        ctx.put("extendedRequestId", request.extendedRequestId());
        ctx.put("requestTime", request.requestTime());
        ctx.put("path", request.contextPath());
        ctx.put("accountId", GatewayRequest.ACCOUNT);
        ctx.put("protocol", request.protocol());
        ctx.put("stage", request.stage());
        ctx.put("domainPrefix", "127");
        ctx.put("requestTimeEpoch", request.time().toInstant().toEpochMilli());
        ctx.put("requestId", request.requestId());
        identity(ctx.putObject("identity"), request);
        ctx.put("domainName", request.domainName());
        ctx.put("apiId", request.apiId());
        if (body.length == 0) {
            e.putNull("body");
            e.put("isBase64Encoded", false);
        } else if (isText(request.mediaType().orElse(""))) {
            e.put("body", new String(body, StandardCharsets.UTF_8));
            e.put("isBase64Encoded", false);
        } else {
            e.put("body", Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", true);
        }
        return Json.write(e).getBytes(StandardCharsets.UTF_8);
    }

    /** Content types passed to the function as text; every other body arrives base64-encoded. */
    static boolean isText(String contentType) {
        String ct = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return ct.isEmpty() || ct.startsWith("text/") || ct.equals("application/json") || ct.endsWith("+json")
                || ct.equals("application/xml") || ct.endsWith("+xml") || ct.equals("application/javascript")
                || ct.equals("application/x-www-form-urlencoded") || ct.equals("application/graphql");
    }

    /** {@code single} holds each name's last value, {@code multi} all of them; both null when there are none. */
    private static void values(ObjectNode e, String single, String multi, Map<String, List<String>> values) {
        if (values.isEmpty()) {
            e.putNull(single);
            e.putNull(multi);
            return;
        }
        ObjectNode last = e.putObject(single);
        ObjectNode all = e.putObject(multi);
        values.forEach((name, list) -> {
            last.put(name, list.getLast());
            ArrayNode a = all.putArray(name);
            list.forEach(a::add);
        });
    }

    private static void identity(ObjectNode identity, GatewayRequest request) {
        Optional<SignedCaller> signer = request.caller();
        identity.putNull("cognitoIdentityPoolId");
        signer.ifPresentOrElse(c -> identity.put("accountId", GatewayRequest.ACCOUNT), () -> identity.putNull("accountId"));
        identity.putNull("cognitoIdentityId");
        signer.ifPresentOrElse(c -> identity.put("caller", c.accessKeyId()), () -> identity.putNull("caller"));
        identity.put("sourceIp", request.sourceIp());
        identity.putNull("principalOrgId");
        signer.ifPresentOrElse(c -> identity.put("accessKey", c.accessKeyId()), () -> identity.putNull("accessKey"));
        identity.putNull("cognitoAuthenticationType");
        identity.putNull("cognitoAuthenticationProvider");
        signer.ifPresentOrElse(c -> identity.put("userArn", c.userArn()), () -> identity.putNull("userArn"));
        request.header("User-Agent").ifPresentOrElse(agent -> identity.put("userAgent", agent), () -> identity.putNull("userAgent"));
        signer.ifPresentOrElse(c -> identity.put("user", c.accessKeyId()), () -> identity.putNull("user"));
    }
}
