package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiStackTest {

    private static Templates templates;
    private static FerryStacks stacks;
    private static List<Resource> methods;

    @BeforeAll
    static void synthesize() {
        stacks = TestApps.dev();
        templates = new Templates(stacks);
        methods = templates.resources(stacks.api(), "AWS::ApiGateway::Method");
    }

    @Test
    void theRoutesOfTheContractInvokeTheirFunctionsLiveAliasThroughAProxyIntegration() {
        Map<String, String> routes = new TreeMap<>();
        for (Resource method : methods) {
            assertThat(method.string("Integration.Type")).isEqualTo("AWS_PROXY");
            List<?> uri = (List<?>) ((List<?>) method.map("Integration.Uri").get("Fn::Join")).get(1);
            Resource alias = uri.stream()
                    .flatMap(part -> templates.referencedResource(method.stackName(), part).stream())
                    .findFirst().orElseThrow(() -> new AssertionError("no function in " + uri));
            assertThat(alias.type()).isEqualTo("AWS::Lambda::Alias");
            assertThat(alias.string("Name")).isEqualTo("live");
            Resource function = templates.requireReferenced(alias.stackName(), alias.require("FunctionName"));
            routes.put(method.string("HttpMethod") + " " + path(method), function.string("FunctionName"));
            // API Gateway ends an integration after 29 s: a longer function timeout would only hide that.
            assertThat(function.integer("Timeout"))
                    .isLessThan(29);
        }
        assertThat(routes).isEqualTo(new TreeMap<>(Map.of(
                "POST /orders", "dev-OrdersApi",
                "GET /orders/{id}", "dev-OrdersApi",
                "POST /accounts", "dev-AccountsApi",
                "GET /accounts/{id}", "dev-AccountsApi",
                "POST /accounts/{id}/deposits", "dev-AccountsApi",
                "GET /accounts/{id}/deposits/{depositId}", "dev-AccountsApi",
                "GET /traces/{correlationId}", "dev-TracesApi")));
    }

    @Test
    void everyPostRequiresAnIdempotencyKeyAndAJsonObjectBeforeAnyFunctionRuns() {
        Resource validator = templates.resources(stacks.api(), "AWS::ApiGateway::RequestValidator").getFirst();
        assertThat(validator.property("ValidateRequestParameters")).contains(true);
        assertThat(validator.property("ValidateRequestBody")).contains(true);
        List<Resource> posts = methods.stream().filter(m -> m.string("HttpMethod").equals("POST")).toList();
        assertThat(posts).hasSize(3).allSatisfy(post -> {
            assertThat(post.map("RequestParameters")).containsEntry("method.request.header.Idempotency-Key", true);
            assertThat(post.require("RequestValidatorId")).isEqualTo(Map.of("Ref", validator.logicalId()));
            Resource model = templates.requireReferenced(post.stackName(), post.map("RequestModels").get("application/json"));
            assertThat(model.map("Schema")).containsEntry("type", "object");
        });
    }

    @Test
    void everyMethodRequiresSignedRequests() {
        assertThat(methods).hasSize(7)
                .allSatisfy(method -> assertThat(method.string("AuthorizationType")).isEqualTo("AWS_IAM"));
    }

    @Test
    void theStageIsThrottledTracedAndAccessLogged() {
        Resource stage = templates.resources(stacks.api(), "AWS::ApiGateway::Stage").getFirst();
        assertThat(stage.string("StageName")).isEqualTo("dev");
        assertThat(stage.property("TracingEnabled")).contains(true);
        Map<?, ?> settings = (Map<?, ?>) stage.list("MethodSettings").getFirst();
        assertThat(settings.get("ResourcePath")).isEqualTo("/*");
        assertThat(settings.get("HttpMethod")).isEqualTo("*");
        assertThat(settings.get("ThrottlingRateLimit")).isEqualTo(100);
        assertThat(settings.get("ThrottlingBurstLimit")).isEqualTo(200);
        Resource logGroup = templates.requireReferenced(stage.stackName(), stage.require("AccessLogSetting.DestinationArn"));
        assertThat(logGroup.type()).isEqualTo("AWS::Logs::LogGroup");
        assertThat(logGroup.integer("RetentionInDays")).isPositive();
        assertThat(stage.string("AccessLogSetting.Format")).contains("$context.requestId", "$context.status");
    }

    @Test
    void theGatewaysOwnErrorsAreProblemDetails() {
        List<Resource> responses = templates.resources(stacks.api(), "AWS::ApiGateway::GatewayResponse");
        assertThat(responses).extracting(r -> r.string("ResponseType"))
                .contains("BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "MISSING_AUTHENTICATION_TOKEN", "ACCESS_DENIED",
                        "REQUEST_TOO_LARGE", "THROTTLED", "INTEGRATION_TIMEOUT", "DEFAULT_4XX", "DEFAULT_5XX");
        assertThat(responses).allSatisfy(response -> assertThat(response.map("ResponseParameters"))
                .containsEntry("gatewayresponse.header.Content-Type", "'application/problem+json'"));
        // RFC 9457: the body names the status. Only the catch-all defaults cannot know theirs.
        assertThat(responses).filteredOn(r -> !r.string("ResponseType").startsWith("DEFAULT_")).allSatisfy(response -> {
            String template = String.valueOf(response.map("ResponseTemplates").get("application/json"));
            assertThat(template).as(response.string("ResponseType")).contains("\"status\":" + response.string("StatusCode"));
        });
    }

    @Test
    void theApiUrlIsAStackOutput() {
        assertThat(templates.template(stacks.api()).findOutputs("ApiUrl")).hasSize(1);
    }

    /** The resource path of a method, from its resource's chain of path parts. */
    private static String path(Resource method) {
        StringBuilder path = new StringBuilder();
        Object resourceId = method.require("ResourceId");
        while (true) {
            var resource = templates.referencedResource(method.stackName(), resourceId);
            if (resource.isEmpty() || !resource.get().type().equals("AWS::ApiGateway::Resource")) {
                break;
            }
            path.insert(0, "/" + resource.get().string("PathPart"));
            resourceId = resource.get().require("ParentId");
        }
        return path.toString();
    }
}
