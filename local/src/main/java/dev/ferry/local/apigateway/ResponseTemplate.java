package dev.ferry.local.apigateway;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway response body template. API Gateway does not run these through Velocity: it substitutes
 * variables and nothing else ("a non-VTL mapping template supporting only simple variable substitutions",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html).
 * {@code $context.x.y} and {@code ${context.x.y}} are replaced by the variable's value, as is; a variable the
 * request does not have (an unknown name, a {@code $stageVariables.x} with no stage variables) becomes empty.
 * Anything else, including {@code #if} or {@code $input}, is copied through.
 */
final class ResponseTemplate {

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{((?:context|stageVariables)(?:\\.[A-Za-z0-9_-]+)+)}|\\$((?:context|stageVariables)(?:\\.[A-Za-z0-9_]+)+)");

    private ResponseTemplate() {
    }

    /** {@code template} with every variable replaced from {@code variables} (keys such as {@code context.requestId}). */
    static String render(String template, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
