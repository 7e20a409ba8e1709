package dev.ferry.local.provision;

import dev.ferry.local.cloudformation.CloudAssembly;
import dev.ferry.local.cloudformation.PseudoParameters;
import dev.ferry.local.cloudformation.StackArtifact;
import dev.ferry.local.deployment.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

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
            Map<String, String> exports = new ConcurrentHashMap<>();
            Map<String, Map<String, String>> outputsByStack = provisionStacks(assembly.stacks(), stack -> {
                Map<String, String> outputs = new LinkedHashMap<>();
                new StackProvisioner(stack, region, exports, tables, queues, topics, streams, functions, apis, rules, log)
                        .provision(outputs, exports);
                return outputs;
            });
            Map<String, String> outputs = new LinkedHashMap<>();
            assembly.stacks().forEach(stack -> outputs.putAll(outputsByStack.get(stack.artifactId())));
            Deployment deployment = new Deployment(functions.functions(), functions.mappings(),
                    topics.lambdaSubscriptions(), apis.apis(), outputs, rules.scheduleRules());
            return new ProvisionResult(deployment, log.summary(assembly.stacks().stream().map(StackArtifact::stackName).toList()));
        }
    }

    /**
     * Provisions each stack once the stacks it depends on are done, those that do not depend on each other at the same
     * time (as {@code cdk deploy --concurrency} does): in Ferry's app the tables of the data stack while the queues,
     * topics and stream of the messaging stack are made, each waiting on its own emulator. A stack depends on the
     * stacks its manifest entry names and, when its template imports values ({@code Fn::ImportValue}), on every stack
     * before it in the assembly's order, whose exports it may read without naming them. Returns each stack's outputs
     * by artifact id; on a failure, waits for the stacks under way and throws the failure of the first stack (in the
     * assembly's order) that failed, the stacks after it that need it never started.
     */
    static Map<String, Map<String, String>> provisionStacks(List<StackArtifact> stacks,
                                                           Function<StackArtifact, Map<String, String>> provision) {
        Map<String, CompletableFuture<Map<String, String>>> byId = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("ferry-provision-", 0).daemon().factory())) {
            List<CompletableFuture<Map<String, String>>> earlier = new ArrayList<>();
            for (StackArtifact stack : stacks) {
                List<CompletableFuture<Map<String, String>>> needs = new ArrayList<>();
                if (stack.template().findValue("Fn::ImportValue") != null) {
                    needs.addAll(earlier);
                } else {
                    stack.dependencies().stream().map(byId::get).filter(java.util.Objects::nonNull).forEach(needs::add);
                }
                CompletableFuture<Map<String, String>> done = CompletableFuture.allOf(needs.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(ready -> provision.apply(stack), threads);
                byId.put(stack.artifactId(), done);
                earlier.add(done);
            }
            CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new)).handle((ok, failed) -> null).join();
        }
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        for (var entry : byId.entrySet()) {
            try {
                outputs.put(entry.getKey(), entry.getValue().join());
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof RuntimeException runtime) throw runtime;
                if (cause instanceof Error error) throw error;
                throw new ProvisioningException("provisioning stack " + entry.getKey() + " failed: " + cause, cause);
            }
        }
        return outputs;
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
