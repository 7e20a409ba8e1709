package dev.ferry.local.provision;

import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import dev.ferry.local.deployment.GatewayResponseSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway REST APIs collected for the local front: the resource tree turned into full paths, the
 * Lambda proxy methods, the deployed stage, what a request validator checks (required headers, the body
 * against the method's models) and the gateway responses.
 */
final class Apis {

    private static final String HEADER_PARAMETER = "method.request.header.";

    private record Api(String logicalId, String id, String name, String rootResourceId) {}

    private record Validator(boolean validatesParameters, boolean validatesBody) {}

    /**
     * The models every REST API has without declaring them
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html): CDK's
     * {@code Model.EMPTY_MODEL} and {@code Model.ERROR_MODEL} name them without a resource.
     */
    private static final Map<String, String> BUILT_IN_MODELS = Map.of(
            "Empty", "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"Empty Schema\",\"type\":\"object\"}",
            "Error", "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"Error Schema\",\"type\":\"object\","
                    + "\"properties\":{\"message\":{\"type\":\"string\"}}}");

    private final Map<String, Api> apisById = new LinkedHashMap<>();
    private final Map<String, String> pathsByResourceId = new HashMap<>();
    private final Map<String, Validator> validatorsById = new HashMap<>();
    private final Map<String, String> stageByApiId = new HashMap<>();
    private final Map<String, List<ApiRoute>> routesByApiId = new HashMap<>();
    private final Map<String, String> schemaByApiAndModel = new HashMap<>();
    private final Map<String, Map<String, GatewayResponseSpec>> responsesByApiId = new HashMap<>();
    private final Functions functions;
    private final ProvisionLog log;

    Apis(Functions functions, ProvisionLog log) {
        this.functions = functions;
        this.log = log;
    }

    List<ApiSpec> apis() {
        return apisById.values().stream().map(api -> new ApiSpec(api.logicalId(), api.id(), api.name(),
                stageByApiId.getOrDefault(api.id(), "prod"),
                routesByApiId.getOrDefault(api.id(), List.of()).stream()
                        .sorted(Comparator.comparing(ApiRoute::resourcePath).thenComparing(ApiRoute::httpMethod)).toList(),
                List.copyOf(responsesByApiId.getOrDefault(api.id(), Map.of()).values())))
                .toList();
    }

    ResourceState restApi(Resource resource) {
        String seed = resource.stack().stackName() + "/" + resource.logicalId();
        String id = PhysicalNames.id(seed, 10);
        String root = PhysicalNames.id(seed + "/", 10);
        Props p = resource.properties();
        if (p.has("Body") || p.has("BodyS3Location")) {
            throw new ProvisioningException(resource.describe() + ": APIs defined by an OpenAPI body are not served "
                    + "locally; define resources and methods in the CDK app (RestApi/LambdaRestApi)");
        }
        apisById.put(id, new Api(resource.logicalId(), id, p.string("Name").orElse(resource.logicalId()), root));
        pathsByResourceId.put(root, "/");
        return ResourceState.of(id, "RestApiId", id, "RootResourceId", root);
    }

    ResourceState resource(Resource resource) {
        Props p = resource.properties();
        String parent = p.requireString("ParentId");
        String parentPath = Optional.ofNullable(pathsByResourceId.get(parent)).orElseThrow(() -> new ProvisioningException(
                resource.describe() + ": parent resource " + parent + " is unknown"));
        String id = PhysicalNames.id(resource.stack().stackName() + "/" + resource.logicalId(), 10);
        pathsByResourceId.put(id, (parentPath.equals("/") ? "" : parentPath) + "/" + p.requireString("PathPart"));
        return ResourceState.of(id, "ResourceId", id);
    }

    ResourceState method(Resource resource) {
        Props p = resource.properties();
        String apiId = p.requireString("RestApiId");
        String path = Optional.ofNullable(pathsByResourceId.get(p.requireString("ResourceId"))).orElseThrow(() ->
                new ProvisioningException(resource.describe() + ": resource " + p.requireString("ResourceId") + " is unknown"));
        String httpMethod = p.requireString("HttpMethod");
        Props integration = p.child("Integration");
        String type = integration.string("Type").orElse("MOCK");
        if (!type.equals("AWS_PROXY")) {
            log.skipped("AWS::ApiGateway::Method (" + type + " integration)", resource.stack().stackName(), resource.logicalId());
            return ResourceState.of(PhysicalNames.id(resource.logicalId(), 10));
        }
        String uri = integration.requireString("Uri");
        int start = uri.indexOf("/functions/");
        int end = uri.lastIndexOf("/invocations");
        if (start < 0 || end < start) {
            throw new ProvisioningException(resource.describe() + ": integration URI " + uri
                    + " is not a Lambda invocation URI (arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations)");
        }
        String functionArn = functions.arnOf(uri.substring(start + "/functions/".length(), end));
        List<String> requiredHeaders = new ArrayList<>();
        boolean validated = p.string("RequestValidatorId").map(validatorsById::get)
                .map(Validator::validatesParameters).orElse(false);
        if (validated) {
            Props parameters = p.child("RequestParameters");
            parameters.node().fieldNames().forEachRemaining(name -> {
                if (name.startsWith(HEADER_PARAMETER) && parameters.bool(name, false)) {
                    requiredHeaders.add(name.substring(HEADER_PARAMETER.length()));
                }
            });
        }
        Map<String, String> requestModels = new LinkedHashMap<>();
        boolean validatesBody = p.string("RequestValidatorId").map(validatorsById::get)
                .map(Validator::validatesBody).orElse(false);
        if (validatesBody) {
            p.stringMap("RequestModels").forEach((mediaType, model) -> requestModels.put(mediaType,
                    schema(apiId, model).orElseThrow(() -> new ProvisioningException(resource.describe()
                            + ": request model " + model + " for " + mediaType + " is neither an AWS::ApiGateway::Model of"
                            + " this API nor a built-in one; models it can use: " + modelNames(apiId)))));
        }
        routesByApiId.computeIfAbsent(apiId, k -> new ArrayList<>())
                .add(new ApiRoute(httpMethod, path, functionArn, requiredHeaders, requestModels));
        return ResourceState.of(PhysicalNames.id(resource.stack().stackName() + "/" + resource.logicalId(), 10));
    }

    ResourceState validator(Resource resource) {
        String id = PhysicalNames.id(resource.stack().stackName() + "/" + resource.logicalId(), 6);
        validatorsById.put(id, new Validator(resource.properties().bool("ValidateRequestParameters", false),
                resource.properties().bool("ValidateRequestBody", false)));
        return ResourceState.of(id, "RequestValidatorId", id);
    }

    /** A model's physical id is its name, which is how a method's RequestModels refer to it. */
    ResourceState model(Resource resource) {
        Props p = resource.properties();
        String name = p.string("Name").orElse(resource.logicalId());
        String schema = p.json("Schema").orElseThrow(() -> new ProvisioningException(resource.describe()
                + ": property Schema is required to validate request bodies locally (a JSON schema, draft 4)"));
        schemaByApiAndModel.put(p.requireString("RestApiId") + "/" + name, schema);
        return ResourceState.of(name);
    }

    ResourceState gatewayResponse(Resource resource) {
        Props p = resource.properties();
        String apiId = p.requireString("RestApiId");
        String type = p.requireString("ResponseType");
        GatewayResponseSpec response = new GatewayResponseSpec(type, p.string("StatusCode"),
                p.stringMap("ResponseParameters"), p.stringMap("ResponseTemplates"));
        if (responsesByApiId.computeIfAbsent(apiId, k -> new LinkedHashMap<>()).putIfAbsent(type, response) != null) {
            throw new ProvisioningException(resource.describe() + ": the API already has a gateway response of type "
                    + type + "; API Gateway keeps one per type, so remove one of them");
        }
        return ResourceState.of(PhysicalNames.id(resource.stack().stackName() + "/" + resource.logicalId(), 6));
    }

    private java.util.SortedSet<String> modelNames(String apiId) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(BUILT_IN_MODELS.keySet());
        schemaByApiAndModel.keySet().stream().filter(key -> key.startsWith(apiId + "/"))
                .map(key -> key.substring(apiId.length() + 1)).forEach(names::add);
        return names;
    }

    private Optional<String> schema(String apiId, String modelName) {
        return Optional.ofNullable(schemaByApiAndModel.get(apiId + "/" + modelName))
                .or(() -> Optional.ofNullable(BUILT_IN_MODELS.get(modelName)));
    }

    ResourceState deployment(Resource resource) {
        Props p = resource.properties();
        p.string("StageName").ifPresent(stage -> stageByApiId.putIfAbsent(p.requireString("RestApiId"), stage));
        String id = PhysicalNames.id(resource.stack().stackName() + "/" + resource.logicalId(), 6);
        return ResourceState.of(id, "DeploymentId", id);
    }

    ResourceState stage(Resource resource) {
        Props p = resource.properties();
        String stage = p.string("StageName").orElse("prod");
        // A Stage resource names the stage that serves; it wins over a Deployment's own StageName.
        stageByApiId.put(p.requireString("RestApiId"), stage);
        return ResourceState.of(stage);
    }
}
