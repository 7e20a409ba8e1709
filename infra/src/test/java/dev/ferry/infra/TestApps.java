package dev.ferry.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesized apps shared by the test classes of one JVM: each stage is synthesized once. The functions jar is
 * a small stand-in written to a temporary directory (the real one is built by the functions module).
 */
final class TestApps {

    static final String ALARM_EMAIL = "ops@example.com";
    private static final Map<String, FerryStacks> SYNTHESIZED = new HashMap<>();
    private static Path functionsJar;

    private TestApps() {
    }

    static synchronized FerryStacks dev() {
        return SYNTHESIZED.computeIfAbsent("dev", TestApps::synthesize);
    }

    static synchronized FerryStacks prod() {
        return SYNTHESIZED.computeIfAbsent("prod", TestApps::synthesize);
    }

    /** The dev stage with alarm notifications switched on. */
    static synchronized FerryStacks devWithAlarmEmail() {
        return SYNTHESIZED.computeIfAbsent("dev+alarmEmail", key -> synthesize(Map.of("stage", "dev",
                DeploymentSettings.ALARM_EMAIL_CONTEXT_KEY, ALARM_EMAIL)));
    }

    static Template template(Stack stack) {
        return Template.fromStack(stack);
    }

    private static FerryStacks synthesize(String stage) {
        return synthesize(Map.of("stage", stage));
    }

    private static FerryStacks synthesize(Map<String, Object> context) {
        App app = newApp(context);
        FerryStacks stacks = FerryStacks.create(app, DeploymentSettings.fromContext(app.getNode()));
        app.synth();
        return stacks;
    }

    /** A fresh app with the default context, the stand-in jar and an output directory of its own. */
    static App newApp(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>();
        all.put(DeploymentSettings.FUNCTIONS_JAR_CONTEXT_KEY, functionsJar().toString());
        all.putAll(context);
        return new App(AppProps.builder()
                .context(FerryApp.context(all))
                .outdir(temporaryDirectory("cdk-out-").toString())
                .build());
    }

    static synchronized Path functionsJar() {
        if (functionsJar == null) {
            Path jar = temporaryDirectory("functions-").resolve("ferry-functions.jar");
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
                out.putNextEntry(new JarEntry("dev/ferry/functions/README.txt"));
                out.write("stand-in for the functions jar in infra tests\n".getBytes());
                out.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            functionsJar = jar;
        }
        return functionsJar;
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover directory under the temporary directory harms nothing.
        }
    }
}
