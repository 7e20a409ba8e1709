package dev.ferry.e2e;

import dev.ferry.infra.DeploymentSettings;
import dev.ferry.infra.FerryApp;
import dev.ferry.infra.FerryStacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The real CDK app ({@link FerryApp}) synthesized in this JVM with the functions jar the build just packaged:
 * what {@code cdk synth} would write, without the CDK CLI. One assembly per stage per run, in
 * {@code target/cdk.out/<stage>}.
 */
final class CloudAssembly {

    static final String FUNCTIONS_JAR_PROPERTY = "ferry.functionsJar";
    static final String OUTPUT_PROPERTY = "ferry.cdkOut";

    /**
     * The e2e stages' outbox sweep grace (deployed: 2 minutes), so that a scenario can show the sweeper
     * delivering what the relay gave up without waiting minutes.
     */
    static final Duration SWEEP_GRACE = Duration.ofSeconds(5);

    private static final Map<String, Path> SYNTHESIZED = new HashMap<>();

    private CloudAssembly() {
    }

    /** The cloud assembly of the app deployed as {@code stage}, synthesized on first use. */
    static synchronized Path of(String stage) {
        return SYNTHESIZED.computeIfAbsent(stage, CloudAssembly::synthesize);
    }

    private static Path synthesize(String stage) {
        Path jar = functionsJar();
        Path outdir = Path.of(System.getProperty(OUTPUT_PROPERTY, "target/cdk.out")).toAbsolutePath().resolve(stage);
        Map<String, Object> context = new HashMap<>();
        context.put(DeploymentSettings.STAGE_CONTEXT_KEY, stage);
        context.put(DeploymentSettings.FUNCTIONS_JAR_CONTEXT_KEY, jar.toString());
        context.put(DeploymentSettings.OUTBOX_SWEEP_GRACE_CONTEXT_KEY, Long.toString(SWEEP_GRACE.toSeconds()));
        long begin = System.nanoTime();
        App app = new App(AppProps.builder().context(FerryApp.context(context)).outdir(outdir.toString()).build());
        FerryStacks.create(app, DeploymentSettings.fromContext(app.getNode()));
        app.synth();
        System.out.printf("e2e: synthesized the CDK app (stage %s) into %s in %d ms%n", stage, outdir,
                (System.nanoTime() - begin) / 1_000_000);
        return outdir;
    }

    private static Path functionsJar() {
        Path jar = Path.of(System.getProperty(FUNCTIONS_JAR_PROPERTY, "../functions/target/ferry-functions.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The functions jar " + jar + " does not exist: run the tests through the"
                    + " reactor, which packages it first (./mvnw verify, or ./mvnw -pl integration-tests -am verify)");
        }
        return jar;
    }
}
