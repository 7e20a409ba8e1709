package dev.ferry.infra.api;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.Suppressions;
import dev.ferry.infra.Workflow;
import dev.ferry.infra.functions.FunctionsStack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaIntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The REST API (docs/architecture.md): Lambda proxy integrations to the API functions' {@code live} aliases,
 * IAM (SigV4) authorisation, a required {@code Idempotency-Key} header on every POST checked before any
 * function runs, stage throttling, access logs, and RFC 9457 problem bodies for the gateway's own errors.
 */
public final class ApiStack extends Stack {

    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** Requests per second across the stage, and the burst above it, before API Gateway answers 429. */
    public static final int THROTTLING_RATE_LIMIT = 100;
    public static final int THROTTLING_BURST_LIMIT = 200;

    private final RestApi api;
    private final LogGroup accessLogs;

    public ApiStack(Construct scope, String id, StackProps props, DeploymentSettings settings,
            FunctionsStack functions) {
        super(scope, id, props);
        accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .logGroupName("/aws/apigateway/" + settings.name("ferry-api") + "/access")
                .retention(settings.production() ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS)
                .removalPolicy(settings.removalPolicy())
                .build();
        api = RestApi.Builder.create(this, "Api")
                .restApiName(settings.name("ferry-api"))
                .description("Ferry reference workflow (" + settings.stage() + ")")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // Access and execution logs need the account's API Gateway logging role. It is one setting per
                // account and region, shared with every other API there: never delete it with a stage.
                .cloudWatchRole(true)
                .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
                .deployOptions(StageOptions.builder()
                        .stageName(settings.stage())
                        .throttlingRateLimit(THROTTLING_RATE_LIMIT)
                        .throttlingBurstLimit(THROTTLING_BURST_LIMIT)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                                .caller(true).httpMethod(true).ip(true).protocol(true).requestTime(true)
                                .resourcePath(true).responseLength(true).status(true).user(true)
                                .build()))
                        // Execution logs for errors only: request bodies carry personal data.
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .metricsEnabled(true)
                        .tracingEnabled(true)
                        .build())
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .build();

        RequestValidator validator = api.addRequestValidator("RequestValidator", RequestValidatorOptions.builder()
                .requestValidatorName("parameters-and-body")
                .validateRequestParameters(true)
                .validateRequestBody(true)
                .build());
        // The gateway checks only that a POST body is a JSON object; the functions check its fields and answer
        // with a precise problem detail, so the rules live in one place.
        Model jsonObject = api.addModel("JsonObject", ModelOptions.builder()
                .modelName("JsonObject")
                .contentType("application/json")
                .description("Any JSON object; the function validates the fields")
                .schema(JsonSchema.builder().schema(JsonSchemaVersion.DRAFT4).type(JsonSchemaType.OBJECT).build())
                .build());
        problemResponses();

        IFunction orders = functions.function(Workflow.ORDERS_API).invocationTarget();
        IFunction accounts = functions.function(Workflow.ACCOUNTS_API).invocationTarget();
        IFunction traces = functions.function(Workflow.TRACES_API).invocationTarget();

        IResource ordersResource = api.getRoot().addResource("orders");
        post(ordersResource, orders, validator, jsonObject, Map.of());
        get(ordersResource.addResource("{id}"), orders, validator, "id");

        IResource accountsResource = api.getRoot().addResource("accounts");
        post(accountsResource, accounts, validator, jsonObject, Map.of());
        IResource account = accountsResource.addResource("{id}");
        get(account, accounts, validator, "id");
        IResource deposits = account.addResource("deposits");
        post(deposits, accounts, validator, jsonObject, Map.of("method.request.path.id", true));
        get(deposits.addResource("{depositId}"), accounts, validator, "id", "depositId");

        get(api.getRoot().addResource("traces").addResource("{correlationId}"), traces, validator, "correlationId");

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getUrl()).description("Base URL of the API stage").build();
        CfnOutput.Builder.create(this, "RestApiId").value(api.getRestApiId()).description("Id of the REST API").build();

        Suppressions.suppress(api.getDeploymentStage(), "AwsSolutions-APIG3",
                "No WAF web ACL in this app: the stage is throttled, every method requires SigV4-signed requests"
                        + " (IAM), and a web ACL (from $5 a month plus rules) is an account-level choice best"
                        + " attached by the organisation's firewall policy rather than per workflow.");
        for (Method method : api.getMethods()) {
            Suppressions.suppress(method, "AwsSolutions-COG4",
                    "This method uses IAM authorisation (SigV4) instead of a Cognito user pool: the callers are"
                            + " services and operators with AWS credentials; the workflow has no end-user sign-in.");
        }
        Suppressions.suppress(api.getNode().findChild("CloudWatchRole"), "AwsSolutions-IAM4",
                "AmazonAPIGatewayPushToCloudWatchLogs is the AWS-maintained policy for API Gateway's account-level"
                        + " logging role, which access logs and execution logs require.",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
    }

    private static void post(IResource resource, IFunction target, RequestValidator validator, Model body,
            Map<String, Boolean> pathParameters) {
        Map<String, Boolean> parameters = new LinkedHashMap<>(pathParameters);
        parameters.put("method.request.header." + IDEMPOTENCY_KEY_HEADER, true);
        resource.addMethod("POST", integration(target), MethodOptions.builder()
                .requestParameters(parameters)
                .requestModels(Map.of("application/json", body))
                .requestValidator(validator)
                .build());
    }

    private static void get(IResource resource, IFunction target, RequestValidator validator, String... pathParameters) {
        Map<String, Boolean> required = new java.util.LinkedHashMap<>();
        for (String parameter : pathParameters) {
            required.put("method.request.path." + parameter, true);
        }
        resource.addMethod("GET", integration(target), MethodOptions.builder()
                .requestParameters(required)
                .requestValidator(validator)
                .build());
    }

    private static LambdaIntegration integration(IFunction target) {
        // No test-invoke permission: one Lambda permission per method, for the deployed stage only.
        return new LambdaIntegration(target, LambdaIntegrationOptions.builder().proxy(true).allowTestInvoke(false)
                .build());
    }

    /** The gateway's own errors in the same RFC 9457 shape as the functions' errors. */
    private void gatewayProblem(String id, ResponseType type, int status, String title) {
        api.addGatewayResponse(id, GatewayResponseOptions.builder()
                .type(type)
                .statusCode(Integer.toString(status))
                .responseHeaders(Map.of("Content-Type", "'application/problem+json'"))
                .templates(Map.of("application/json", "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":$context.error.messageString}"))
                .build());
    }

    private void problemResponses() {
        Map<String, String> problemJson = Map.of("Content-Type", "'application/problem+json'");
        api.addGatewayResponse("MissingParameters", GatewayResponseOptions.builder()
                .type(ResponseType.BAD_REQUEST_PARAMETERS)
                .statusCode("400")
                .responseHeaders(problemJson)
                .templates(Map.of("application/json", "{\"type\":\"about:blank\",\"title\":\"Bad Request\","
                        + "\"status\":400,\"detail\":\"$context.error.validationErrorString\"}"))
                .build());
        api.addGatewayResponse("InvalidBody", GatewayResponseOptions.builder()
                .type(ResponseType.BAD_REQUEST_BODY)
                .statusCode("400")
                .responseHeaders(problemJson)
                .templates(Map.of("application/json", "{\"type\":\"about:blank\",\"title\":\"Bad Request\","
                        + "\"status\":400,\"detail\":\"The body must be a JSON object.\"}"))
                .build());
        // One response per type a client can meet with a fixed status, each with its status in the body: RFC 9457
        // wants it there, and a template cannot read the status of a DEFAULT_4XX/5XX answer. INTEGRATION_FAILURE
        // is left to the default: API Gateway answers it with 500 for a throttled Lambda and 504 otherwise.
        // Statuses are API Gateway's defaults per type:
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
        gatewayProblem("AccessDenied", ResponseType.ACCESS_DENIED, 403, "Forbidden");
        gatewayProblem("MissingAuthenticationToken", ResponseType.MISSING_AUTHENTICATION_TOKEN, 403, "Forbidden");
        gatewayProblem("InvalidSignature", ResponseType.INVALID_SIGNATURE, 403, "Forbidden");
        gatewayProblem("ExpiredToken", ResponseType.EXPIRED_TOKEN, 403, "Forbidden");
        gatewayProblem("WafFiltered", ResponseType.WAF_FILTERED, 403, "Forbidden");
        gatewayProblem("Unauthorized", ResponseType.UNAUTHORIZED, 401, "Unauthorized");
        gatewayProblem("ResourceNotFound", ResponseType.RESOURCE_NOT_FOUND, 404, "Not Found");
        gatewayProblem("RequestTooLarge", ResponseType.REQUEST_TOO_LARGE, 413, "Content Too Large");
        gatewayProblem("UnsupportedMediaType", ResponseType.UNSUPPORTED_MEDIA_TYPE, 415, "Unsupported Media Type");
        gatewayProblem("Throttled", ResponseType.THROTTLED, 429, "Too Many Requests");
        gatewayProblem("QuotaExceeded", ResponseType.QUOTA_EXCEEDED, 429, "Too Many Requests");
        gatewayProblem("IntegrationTimeout", ResponseType.INTEGRATION_TIMEOUT, 504, "Gateway Timeout");
        api.addGatewayResponse("Default4xx", GatewayResponseOptions.builder()
                .type(ResponseType.DEFAULT_4_XX)
                .responseHeaders(problemJson)
                .templates(Map.of("application/json", "{\"type\":\"about:blank\","
                        + "\"title\":\"$context.error.responseType\",\"detail\":$context.error.messageString}"))
                .build());
        api.addGatewayResponse("Default5xx", GatewayResponseOptions.builder()
                .type(ResponseType.DEFAULT_5_XX)
                .responseHeaders(problemJson)
                .templates(Map.of("application/json", "{\"type\":\"about:blank\","
                        + "\"title\":\"$context.error.responseType\",\"detail\":$context.error.messageString}"))
                .build());
    }

    public RestApi api() {
        return api;
    }

    public LogGroup accessLogs() {
        return accessLogs;
    }
}
