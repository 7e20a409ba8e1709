package dev.ferry.local.provision;

import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.ApiSpec.ApiRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway REST APIs collected for the local front: the resource tree turned into full paths, the
 * Lambda proxy methods, the deployed stage and the headers a request validator requires.
 */
final class Apis {

    private static final String HEADER_PARAMETER = "method.request.header.";

    private record Api(String logicalId, String id, String name, String rootResourceId) {}

    private record Validator(boolean validatesParameters) {}

    private final Map<String, Api> apisById = new LinkedHashMap<>();
    private final Map<String, String> pathsByResourceId = new HashMap<>();
    private final Map<String, Validator> validatorsById = new HashMap<>();
    private final Map<String, String> stageByApiId = new HashMap<>();
    private final Map<String, List<ApiRoute>> routesByApiId = new HashMap<>();
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
                        .sorted(Comparator.comparing(ApiRoute::resourcePath).thenComparing(ApiRoute::httpMethod)).toList()))
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
        routesByApiId.computeIfAbsent(apiId, k -> new ArrayList<>())
                .add(new ApiRoute(httpMethod, path, functionArn, requiredHeaders));
        return ResourceState.of(PhysicalNames.id(resource.stack().stackName() + "/" + resource.logicalId(), 10));
    }

    ResourceState validator(Resource resource) {
        String id = PhysicalNames.id(resource.stack().stackName() + "/" + resource.logicalId(), 6);
        validatorsById.put(id, new Validator(resource.properties().bool("ValidateRequestParameters", false)));
        return ResourceState.of(id, "RequestValidatorId", id);
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
