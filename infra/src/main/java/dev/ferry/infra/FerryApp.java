package dev.ferry.infra;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The CDK app: {@code npx cdk synth|deploy} runs it through infra/cdk-app.sh. Context: {@code stage} (default
 * dev; prod retains data on deletion) and {@code functionsJar} (default functions/target/ferry-functions.jar).
 */
public final class FerryApp {

    /** Feature flags and settings this app relies on, set here so that the tests synthesize what the CLI deploys. */
    public static final Map<String, Object> DEFAULT_CONTEXT = Map.of(
            // Merges IAM statements, keeping every role's policy short enough to read and under the size limit.
            "@aws-cdk/aws-iam:minimizePolicies", true,
            // Names each function's asset in its metadata however the app is run (the CLI sets it too): the
            // local cloud loads a function's code from there.
            "aws:cdk:enable-asset-metadata", true,
            // Cross-stack references as CloudFormation exports and imports (which the local cloud resolves);
            // an export cannot be removed while a stack still imports it.
            "@aws-cdk/core:defaultCrossStackReferences", "strong");

    private FerryApp() {
    }

    /** The default context plus the given context (which wins). */
    public static Map<String, Object> context(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(DEFAULT_CONTEXT);
        all.putAll(context);
        return all;
    }

    public static void main(String[] args) {
        // The CLI's context (cdk.json, -c) is read from the environment and overrides these defaults.
        App app = new App(AppProps.builder().context(context(Map.of())).build());
        DeploymentSettings settings;
        try {
            settings = DeploymentSettings.fromContext(app.getNode());
        } catch (IllegalStateException | IllegalArgumentException e) {
            // A setup problem, not a bug: the message says what to do, a stack trace would only bury it.
            System.err.println("ferry-infra: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        FerryStacks.create(app, settings);
        long constructed = System.nanoTime();
        app.synth();
        long synthesized = System.nanoTime();
        if (System.getenv("FERRY_SYNTH_TIMING") != null) {
            // Read by infra/bench-synth.sh; off by default so that synth output stays quiet.
            System.err.printf("ferry-infra: constructs %d ms, synth %d ms%n", (constructed - started) / 1_000_000,
                    (synthesized - constructed) / 1_000_000);
        }
    }
}
