package dev.ferry.local.provision;

import dev.ferry.local.cloudformation.CloudAssembly;
import dev.ferry.local.cloudformation.PseudoParameters;
import dev.ferry.local.cloudformation.StackArtifact;
import dev.ferry.local.deployment.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provisions a synthesized CDK app (a cloud assembly such as {@code cdk.out}) onto AWS-compatible endpoints:
 * creates its tables, queues, topics, subscriptions and streams there, and returns the {@link Deployment}
 * (functions, event source mappings, SNS Lambda subscriptions, APIs, scheduled rules) for the in-process runtime.
 *
 * <pre>{@code
 * ProvisionResult result = Provisioner.provision(Path.of("infra/cdk.out"), dataPlane.endpoints());
 * runtime.start(result.deployment());
 * System.out.print(result.summary().render());
 * }</pre>
 *
 * <p>Endpoints come from the environment map as the SDKs read them ({@code AWS_ENDPOINT_URL_<SERVICE>}, then
 * {@code AWS_ENDPOINT_URL}); the region from {@code AWS_REGION} (default us-east-1); the account is
 * {@value PseudoParameters#LOCAL_ACCOUNT}. Provisioning again onto endpoints that kept their state reuses
 * what is there by name (generated names are stable), so it is idempotent; resources are not updated
 * except SNS subscription attributes.
 */
public final class Provisioner {

    private final Map<String, String> environment;

    public Provisioner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static ProvisionResult provision(Path cloudAssembly, Map<String, String> environment) {
        return new Provisioner(environment).provision(cloudAssembly);
    }

    public ProvisionResult provision(Path cloudAssembly) {
        return provision(CloudAssembly.read(cloudAssembly));
    }

    public ProvisionResult provision(CloudAssembly assembly) {
        rejectUnsupportedTypes(assembly);
        Endpoints endpoints = new Endpoints(environment);
        ProvisionLog log = new ProvisionLog();
        try (AwsClients clients = new AwsClients(endpoints)) {
            String region = clients.region();
            Functions functions = new Functions(region, PseudoParameters.LOCAL_ACCOUNT, assembly.fileAssetsByObjectKey());
            Topics topics = new Topics(clients, log);
            Tables tables = new Tables(clients, log);
            Queues queues = new Queues(clients, log);
            Streams streams = new Streams(clients, log);
            Apis apis = new Apis(functions, log);
            Rules rules = new Rules(region, PseudoParameters.LOCAL_ACCOUNT, functions, log);
            Map<String, String> outputs = new LinkedHashMap<>();
            Map<String, String> exports = new HashMap<>();
            for (StackArtifact stack : assembly.stacks()) {
                new StackProvisioner(stack, region, exports, tables, queues, topics, streams, functions, apis, rules, log)
                        .provision(outputs, exports);
            }
            Deployment deployment = new Deployment(functions.functions(), functions.mappings(),
                    topics.lambdaSubscriptions(), apis.apis(), outputs, rules.scheduleRules());
            return new ProvisionResult(deployment, log.summary());
        }
    }

    /** Fails before anything is created, naming every resource of a type that is neither served nor skippable. */
    private static void rejectUnsupportedTypes(CloudAssembly assembly) {
        List<String> unsupported = new ArrayList<>();
        for (StackArtifact stack : assembly.stacks()) {
            stack.template().path("Resources").properties().forEach(entry -> {
                String type = entry.getValue().path("Type").asText();
                if (ResourceTypes.of(type).isEmpty()) {
                    unsupported.add(type + " (" + stack.stackName() + "/" + entry.getKey() + ")");
                }
            });
        }
        if (!unsupported.isEmpty()) {
            throw StackProvisioner.unsupported(String.join(", ", unsupported));
        }
    }
}
