package dev.ferry.local.deployment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::ApiGateway::GatewayResponse}: how a REST API answers when API Gateway itself refuses or fails
 * a request (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html).
 *
 * @param responseType       e.g. {@code BAD_REQUEST_PARAMETERS}, {@code DEFAULT_4XX}
 * @param statusCode         the status to answer with, when the template sets one
 * @param responseParameters {@code gatewayresponse.header.<Name>} to a quoted literal ({@code 'application/problem+json'})
 *                           or a request value ({@code method.request.header.<name>}), as in the template
 * @param responseTemplates  media type to body template, in the template's order
 */
public record GatewayResponseSpec(String responseType, Optional<String> statusCode,
                                  Map<String, String> responseParameters, Map<String, String> responseTemplates) {

    public GatewayResponseSpec {
        responseParameters = Map.copyOf(responseParameters);
        // The order matters: API Gateway falls back to the first template when none matches.
        responseTemplates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(responseTemplates));
    }
}
