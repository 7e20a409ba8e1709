package dev.ferry.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ferry.local.cloudformation.Intrinsics;
import dev.ferry.local.cloudformation.LogicalReferences;
import dev.ferry.local.cloudformation.PseudoParameters;
import dev.ferry.local.cloudformation.ResourceReferences;
import dev.ferry.local.cloudformation.StackArtifact;
import dev.ferry.local.cloudformation.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Provisions one stack: its resources in dependency order, then its outputs and exports. Stacks that do not depend on
 * each other are provisioned at the same time ({@link Provisioner}): the data-plane resources through the shared SDK
 * clients, the runtime's (functions, APIs, rules) one at a time under the lock of the shared {@link Functions}.
 */
final class StackProvisioner implements ResourceReferences {

    /** CDK's singleton function behind {@code Custom::LogRetention}; its logical id starts with this. */
    static final String LOG_RETENTION_PROVIDER = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a";
    static final String PROVIDER_FUNCTION = "AWS::Lambda::Function (CDK custom-resource provider)";

    private final StackArtifact stack;
    private final PseudoParameters pseudo;
    private final JsonNode resources;
    private final Intrinsics intrinsics;
    private final Map<String, ResourceState> states = new HashMap<>();
    private final Map<String, String> skippedTypes = new HashMap<>();
    private final Set<String> providerFunctions;
    private final Tables tables;
    private final Queues queues;
    private final Topics topics;
    private final Streams streams;
    private final Functions functions;
    private final Apis apis;
    private final Rules rules;
    private final ProvisionLog log;

    StackProvisioner(StackArtifact stack, String region, Map<String, String> exports, Tables tables, Queues queues,
                     Topics topics, Streams streams, Functions functions, Apis apis, Rules rules, ProvisionLog log) {
        this.stack = stack;
        this.pseudo = PseudoParameters.local(region, stack.stackName());
        this.resources = stack.template().path("Resources");
        this.intrinsics = new Intrinsics(stack.template(), pseudo, this,
                name -> java.util.Optional.ofNullable(exports.get(name)), Map.of());
        this.providerFunctions = providerFunctions(resources);
        this.tables = tables;
        this.queues = queues;
        this.topics = topics;
        this.streams = streams;
        this.functions = functions;
        this.apis = apis;
        this.rules = rules;
        this.log = log;
    }

    /** Creates or collects every resource, then returns the stack's outputs by key and its exports by name. */
    void provision(Map<String, String> outputs, Map<String, String> exports) {
        for (String logicalId : order()) {
            JsonNode definition = resources.get(logicalId);
            if (!exists(logicalId)) {
                continue;
            }
            states.put(logicalId, provision(logicalId, definition));
        }
        stack.template().path("Outputs").properties().forEach(output -> {
            JsonNode body = output.getValue();
            if (body.has("Condition") && !intrinsics.condition(body.get("Condition").asText())) {
                return;
            }
            String value = intrinsics.resolveString(body.path("Value"), "Output " + output.getKey());
            outputs.put(stack.stackName() + "." + output.getKey(), value);
            if (body.has("Export")) {
                String name = intrinsics.resolveString(body.get("Export").path("Name"), "Export name of output " + output.getKey());
                if (exports.putIfAbsent(name, value) != null) {
                    throw new ProvisioningException("Export " + name + " of stack " + stack.stackName()
                            + " is already exported by another stack; export names must be unique");
                }
            }
        });
    }

    private ResourceState provision(String logicalId, JsonNode definition) {
        String type = definition.path("Type").asText();
        if (providerFunctions.contains(logicalId)) {
            return skip(PROVIDER_FUNCTION, logicalId);
        }
        ResourceTypes.Handling handling = ResourceTypes.of(type).orElseThrow(() -> unsupported(type + " (" + stack.stackName() + "/" + logicalId + ")"));
        if (handling == ResourceTypes.Handling.SKIPPED) {
            return skip(type, logicalId);
        }
        JsonNode properties = definition.has("Properties")
                ? intrinsics.resolve(definition.get("Properties")) : JsonNodeFactory.instance.objectNode();
        Resource resource = new Resource(stack, logicalId, type,
                new Props(stack.stackName() + "/" + logicalId + " (" + type + ")", properties), definition.path("Metadata"));
        if (handling == ResourceTypes.Handling.RUNTIME) {
            synchronized (functions) { // Functions, Apis and Rules keep what they collected in plain collections
                return create(resource, type);
            }
        }
        return create(resource, type);
    }

    private ResourceState create(Resource resource, String type) {
        String logicalId = resource.logicalId();
        try {
            return switch (type) {
                case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> tables.provision(resource);
                case "AWS::SQS::Queue" -> queues.provision(resource);
                case "AWS::SNS::Topic" -> topics.provisionTopic(resource);
                case "AWS::SNS::Subscription" -> topics.provisionSubscription(resource);
                case "AWS::Kinesis::Stream" -> streams.provision(resource);
                case "AWS::Lambda::Function" -> functions.function(resource);
                case "AWS::Lambda::Version" -> functions.version(resource);
                case "AWS::Lambda::Alias" -> functions.alias(resource);
                case "AWS::Lambda::EventInvokeConfig" -> functions.invokeConfig(resource);
                case "AWS::Lambda::EventSourceMapping" -> functions.eventSourceMapping(resource);
                case "AWS::ApiGateway::RestApi" -> apis.restApi(resource);
                case "AWS::ApiGateway::Resource" -> apis.resource(resource);
                case "AWS::ApiGateway::Method" -> apis.method(resource);
                case "AWS::ApiGateway::Deployment" -> apis.deployment(resource);
                case "AWS::ApiGateway::Stage" -> apis.stage(resource);
                case "AWS::ApiGateway::RequestValidator" -> apis.validator(resource);
                case "AWS::ApiGateway::Model" -> apis.model(resource);
                case "AWS::ApiGateway::GatewayResponse" -> apis.gatewayResponse(resource);
                case "AWS::Events::Rule" -> rules.rule(resource);
                default -> throw unsupported(type + " (" + stack.stackName() + "/" + logicalId + ")");
            };
        } catch (ProvisioningException | TemplateException e) {
            throw e;
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new ProvisioningException(resource.describe() + " could not be provisioned: " + e.getMessage()
                    + " Check that the endpoint is running and reachable.", e);
        } catch (RuntimeException e) {
            throw new ProvisioningException(resource.describe() + " could not be provisioned: " + e.getMessage(), e);
        }
    }

    /** @param resources e.g. {@code AWS::S3::Bucket (Stack/Bucket83908E77)} */
    static ProvisioningException unsupported(String resources) {
        return new ProvisioningException("Not supported by Ferry's local provisioning, and it may matter to the workflow: "
                + resources + ". Supported: " + new TreeSet<>(ResourceTypes.DATA_PLANE)
                + " on endpoints, " + new TreeSet<>(ResourceTypes.RUNTIME) + " in the local runtime; skipped as "
                + "meaningless locally: " + new TreeSet<>(ResourceTypes.SKIPPED) + ". Remove the resource from the app "
                + "or extend dev.ferry.local.provision.ResourceTypes.");
    }

    private ResourceState skip(String type, String logicalId) {
        log.skipped(type, stack.stackName(), logicalId);
        skippedTypes.put(logicalId, resources.get(logicalId).path("Type").asText());
        String name = PhysicalNames.generate(stack.stackName(), logicalId, 64, "");
        return ResourceState.of(name);
    }

    /** Functions named as the ServiceToken of a custom resource are CloudFormation's machinery, not the workflow's. */
    private static Set<String> providerFunctions(JsonNode resources) {
        Set<String> providers = new HashSet<>();
        resources.properties().forEach(entry -> {
            String type = entry.getValue().path("Type").asText();
            if (entry.getKey().startsWith(LOG_RETENTION_PROVIDER) && type.equals("AWS::Lambda::Function")) {
                providers.add(entry.getKey());
            }
            if (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource")) {
                JsonNode token = entry.getValue().path("Properties").path("ServiceToken");
                LogicalReferences.in(token).forEach(providers::add);
            }
        });
        return providers;
    }

    /** Resource ids so that each comes after what it references or DependsOn; template order otherwise. */
    private List<String> order() {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        resources.properties().forEach(entry -> {
            Set<String> deps = new LinkedHashSet<>();
            LogicalReferences.in(entry.getValue().path("Properties")).stream().filter(resources::has).forEach(deps::add);
            JsonNode dependsOn = entry.getValue().path("DependsOn");
            if (dependsOn.isTextual()) {
                deps.add(dependsOn.asText());
            }
            dependsOn.forEach(d -> deps.add(d.asText()));
            deps.remove(entry.getKey());
            deps.retainAll(setOfIds());
            dependencies.put(entry.getKey(), deps);
        });
        List<String> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : dependencies.keySet()) {
            visit(id, dependencies, done, visiting, ordered);
        }
        return ordered;
    }

    private Set<String> setOfIds() {
        Set<String> ids = new HashSet<>();
        resources.fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    private void visit(String id, Map<String, Set<String>> dependencies, Set<String> done, Set<String> visiting,
                       List<String> ordered) {
        if (done.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new ProvisioningException("Resources of stack " + stack.stackName() + " depend on each other in a cycle: "
                    + String.join(" -> ", visiting) + " -> " + id);
        }
        for (String dependency : dependencies.get(id)) {
            visit(dependency, dependencies, done, visiting, ordered);
        }
        visiting.remove(id);
        done.add(id);
        ordered.add(id);
    }

    @Override
    public boolean exists(String logicalId) {
        JsonNode definition = resources.get(logicalId);
        if (definition == null) {
            return false;
        }
        JsonNode condition = definition.path("Condition");
        return condition.isMissingNode() || intrinsics.condition(condition.asText());
    }

    @Override
    public JsonNode ref(String logicalId) {
        return state(logicalId).ref();
    }

    @Override
    public JsonNode getAtt(String logicalId, String attribute) {
        ResourceState state = state(logicalId);
        JsonNode value = state.attributes().get(attribute);
        if (value != null) {
            return value;
        }
        String type = skippedTypes.get(logicalId);
        if (type != null) {
            // Skipped resources only feed IAM policies, alarms and the like locally: any well-formed value will do.
            String name = state.ref().asText();
            return TextNode.valueOf(attribute.endsWith("Arn") || attribute.equals("Arn")
                    ? "arn:aws:" + service(type) + ":" + pseudo.region() + ":" + pseudo.accountId() + ":" + name
                    : name);
        }
        throw new ProvisioningException("Fn::GetAtt " + logicalId + "." + attribute + " in stack " + stack.stackName()
                + ": " + resources.get(logicalId).path("Type").asText() + " has no attribute " + attribute
                + " locally (known: " + new TreeSet<>(state.attributes().keySet()) + ")");
    }

    private ResourceState state(String logicalId) {
        ResourceState state = states.get(logicalId);
        if (state == null) {
            throw new ProvisioningException(stack.stackName() + "/" + logicalId + " is referenced before it is provisioned");
        }
        return state;
    }

    private static String service(String type) {
        String[] parts = type.split("::");
        return parts.length == 3 ? parts[1].toLowerCase(Locale.ROOT) : "cloudformation";
    }
}
