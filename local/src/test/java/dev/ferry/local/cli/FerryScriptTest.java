package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./ferry} script itself, run with bash in a scratch checkout that holds only the script, the JDK
 * selector and whatever a test puts there (a stand-in {@code mvnw} or {@code npm} that prints what the real one
 * would): what it answers without building, and how it reports a build.
 */
class FerryScriptTest {
    private static final Path REPOSITORY = locateRepository();

    @TempDir
    Path checkout;

    record Run(int exit, String out, String err, long millis) {}

    private static Path locateRepository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("ferry")) && Files.isRegularFile(dir.resolve("bin/select-jdk.sh"))) return dir;
        }
        throw new IllegalStateException("no ./ferry above " + Path.of("").toAbsolutePath());
    }

    @BeforeEach
    void aFreshCheckoutWithTheScriptOnly() throws IOException {
        Files.copy(REPOSITORY.resolve("ferry"), checkout.resolve("ferry"));
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(REPOSITORY.resolve("bin/select-jdk.sh"), checkout.resolve("bin/select-jdk.sh"));
    }

    private Run ferry(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", checkout.resolve("ferry").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile());
        builder.environment().remove("AWS_ACCESS_KEY_ID");
        builder.environment().remove("AWS_PROFILE");
        builder.environment().put("HOME", checkout.toString()); // no ~/.aws/credentials
        builder.environment().putAll(env);
        Path out = checkout.resolve("out.txt");
        Path err = checkout.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ferry %s finished", List.of(args)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void demoInAFreshCloneSaysAtOnceThatNoUpIsRunningInsteadOfBuildingFirst() throws Exception {
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho MAVEN RAN >&2\nexit 1\n");

        Run demo = ferry(Map.of(), "demo");

        assertThat(demo.exit()).isEqualTo(1);
        assertThat(demo.err()).contains("no './ferry up' is running in " + checkout)
                .contains("start './ferry up' in another terminal, wait for 'ready', then run './ferry demo'")
                .doesNotContain("MAVEN RAN").doesNotContain("building");
        assertThat(demo.millis()).isLessThan(5_000);
    }

    @Test
    void theCommandsThatOnlyLookAtARunningUpAnswerWithoutABuildWhenNoneRuns() throws Exception {
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho MAVEN RAN >&2\nexit 1\n");

        Run status = ferry(Map.of(), "status");
        Run down = ferry(Map.of(), "down", "--name", "b");
        Run dlq = ferry(Map.of(), "dlq");
        Run logs = ferry(Map.of(), "logs");
        Run load = ferry(Map.of(), "load");

        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("no './ferry up' is running");
        assertThat(down.exit()).isZero();
        assertThat(down.err()).contains("no './ferry up --name b' is running; nothing to stop");
        assertThat(dlq.exit()).isEqualTo(1);
        assertThat(dlq.err()).contains("or pass --aws to use a deployed stack");
        assertThat(logs.exit()).isEqualTo(1);
        assertThat(logs.err()).contains("'./ferry up' writes each function's log to .ferry/<name>/logs/<function>.log");
        assertThat(load.exit()).isEqualTo(1);
        assertThat(List.of(status, down, dlq, logs, load)).allSatisfy(run -> assertThat(run.err()).doesNotContain("MAVEN RAN"));
    }

    @Test
    void helpInAFreshCloneNamesTheCommandsWithoutABuild() throws Exception {
        Run help = ferry(Map.of(), "--help");
        Run nothing = ferry(Map.of());

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("usage: ferry up | demo | dlq | status | down | logs | load");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("usage: ferry up");
    }

    @Test
    void theFirstBuildPrintsOneLinePerModuleAndTheNpmStepInsteadOfMavensOutput() throws Exception {
        // A stand-in Maven that prints what the real one prints for `-pl local -am package`, and leaves the local
        // module "built" (no real classes: the java that follows fails, after the build's lines were printed).
        executable(checkout.resolve("mvnw"), """
                #!/bin/sh
                cat <<'EOF'
                [INFO] Scanning for projects...
                [INFO] -----------------------< dev.ferry:ferry-parent >-----------------------
                [INFO] Building Ferry 0.1.0-SNAPSHOT                                      [1/2]
                [INFO]   from pom.xml
                [INFO] --------------------------------[ pom ]---------------------------------
                [INFO] --- enforcer:3.6.1:enforce (require-jdk-21) @ ferry-parent ---
                [INFO] -----------------------< dev.ferry:ferry-local >------------------------
                [INFO] Building Ferry local cloud 0.1.0-SNAPSHOT                          [2/2]
                [INFO]   from local/pom.xml
                [INFO] --------------------------------[ jar ]---------------------------------
                npm: npm ci in /somewhere (node_modules does not exist yet)
                added 2 packages in 1s
                npm: installed the Node tools in 0.9 s
                [INFO] --- compiler:3.14.0:compile (default-compile) @ ferry-local ---
                [INFO] Compiling 412 source files with javac [debug release 21] to target/classes
                [INFO] BUILD SUCCESS
                EOF
                mkdir -p local/target/classes
                echo /nowhere.jar > local/target/ferry-runtime-classpath.txt
                """);

        Run up = ferry(Map.of(), "up", "--data-plane-only");

        assertThat(up.err()).contains("ferry: building local with Maven (first run; the whole log goes to .ferry/build.log)...")
                .contains("ferry:   npm: npm ci in /somewhere (node_modules does not exist yet)")
                .contains("ferry:   npm: installed the Node tools in 0.9 s")
                .containsPattern("ferry:   built local in \\d+\\.\\d s  \\[2/2]")
                .containsPattern("ferry: built in \\d+\\.\\d s")
                .doesNotContain("built parent").doesNotContain("Compiling 412").doesNotContain("added 2 packages");
        assertThat(checkout.resolve(".ferry/build.log")).content().contains("Compiling 412 source files");
    }

    @Test
    void aFailedBuildShowsMavensErrorsAndWhereTheWholeLogIs() throws Exception {
        executable(checkout.resolve("mvnw"), """
                #!/bin/sh
                echo '[INFO] Building Ferry local cloud 0.1.0-SNAPSHOT                          [1/1]'
                echo '[ERROR] /x/Foo.java:[3,1] class, interface, enum, or record expected'
                echo '[INFO] BUILD FAILURE'
                exit 1
                """);

        Run up = ferry(Map.of(), "up", "--data-plane-only");

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err()).containsPattern("the build failed after \\d+\\.\\d s; its errors \\(the whole log: .ferry/build.log\\):")
                .contains("[ERROR] /x/Foo.java:[3,1] class, interface, enum, or record expected");
    }

    /**
     * A checkout where everything is built (the local module's classes and jar, the functions jar, the CDK app's
     * classes and cdk.out), and a stand-in JDK of the given version whose {@code java} logs its arguments, one line per
     * run, to {@code java.log}, and writes the cache file a training run names, as the real one does when it exits.
     */
    private Path builtCheckoutWithJdk(int version) throws Exception {
        Path jdk = Files.createDirectories(checkout.resolve("jdk-" + version + "/bin"));
        Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"" + version + ".0.1\"\nJAVA_RUNTIME_VERSION=\"" + version
                + ".0.1+1\"\n");
        executable(jdk.resolve("java"), """
                #!/bin/bash
                echo "$*" >> "$FERRY_HOME/java.log"
                for arg in "$@"; do
                  case "$arg" in -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*) echo cache > "${arg#*=}" ;; esac
                done
                """);
        Path dependency = Files.createDirectories(checkout.resolve("m2")).resolve("dependency.jar");
        Files.writeString(dependency, "a jar");
        Path classes = Files.createDirectories(checkout.resolve("local/target/classes/dev/ferry/local/cli"));
        Files.writeString(classes.resolve("FerryCli.class"), "classes");
        Files.writeString(checkout.resolve("local/target/ferry-runtime-classpath.txt"), dependency.toString());
        Files.createDirectories(checkout.resolve("functions/target"));
        Files.writeString(checkout.resolve("functions/target/ferry-functions.jar"), "functions");
        Files.createDirectories(checkout.resolve("infra/target/classes/dev/ferry/infra"));
        Files.writeString(checkout.resolve("infra/target/cdk-app.classpath"), "");
        Thread.sleep(1_100); // find -newer compares modification times, to the second on some file systems
        Files.writeString(checkout.resolve("local/target/ferry-local-0.1.0-SNAPSHOT.jar"), "the module's jar");
        Files.writeString(checkout.resolve("local/target/.ferry-build-stamp"), "");
        Files.createDirectories(checkout.resolve("cdk.out"));
        Files.writeString(checkout.resolve("cdk.out/manifest.json"), "{}");
        return jdk.getParent();
    }

    private List<String> javaRuns() throws IOException {
        Path log = checkout.resolve("java.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void upTrainsTheJvmsStartUpCacheOnceForTheClassPathAsItIsAndUsesItAfterwards() throws Exception {
        Path jdk = builtCheckoutWithJdk(25);
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        Path cache = checkout.resolve("local/target/ferry-jvm.aot");

        Run first = ferry(env, "up");
        Run second = ferry(env, "up");
        Run status = ferry(env, "status");

        List<String> runs = javaRuns();
        assertThat(runs).hasSize(4);
        // The training: one up that records what it loads, from the module's jar (a cache holds only jars' classes).
        assertThat(runs.get(0)).contains("-XX:AOTCacheOutput=" + cache + ".").contains("up --name jvm-cache-training --exit-when-ready")
                .contains("-cp " + checkout.resolve("local/target/ferry-local-0.1.0-SNAPSHOT.jar") + ":");
        assertThat(first.err()).contains("ferry: preparing the JVM's start-up cache")
                .containsPattern("ferry: prepared the start-up cache in \\d+\\.\\d s \\(local/target/ferry-jvm.aot, \\d+ MB\\)");
        assertThat(cache).hasContent("cache");
        assertThat(runs.get(1)).contains("-XX:AOTCache=" + cache).endsWith("dev.ferry.local.cli.FerryCli up");
        // The second up uses it without training again; the other commands are short and start without it.
        assertThat(second.err()).doesNotContain("preparing");
        assertThat(runs.get(2)).contains("-XX:AOTCache=" + cache).endsWith("FerryCli up");
        assertThat(runs.get(3)).doesNotContain("-XX:AOTCache").contains("-cp " + checkout.resolve("local/target/classes") + ":")
                .endsWith("FerryCli status");
        assertThat(status.err()).doesNotContain("preparing");
    }

    @Test
    void aChangedClassPathEntryMakesTheNextUpTrainAgain() throws Exception {
        Path jdk = builtCheckoutWithJdk(25);
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        ferry(env, "up");

        Thread.sleep(1_100);
        Files.writeString(checkout.resolve("m2/dependency.jar"), "another version of the jar"); // e.g. a rebuilt dependency
        Run again = ferry(env, "up");

        assertThat(again.err()).contains("ferry: preparing the JVM's start-up cache");
        assertThat(javaRuns()).filteredOn(run -> run.contains("-XX:AOTCacheOutput=")).hasSize(2);
        assertThat(javaRuns().getLast()).contains("-XX:AOTCache=");
    }

    @Test
    void aJdkBefore25GetsADynamicCdsArchiveAndFerryJvmCacheOffStartsWithoutOne() throws Exception {
        Path jdk = builtCheckoutWithJdk(21);
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());
        Path archive = checkout.resolve("local/target/ferry-jvm.jsa");

        ferry(env, "up");
        ferry(Map.of("JAVA_HOME", jdk.toString(), "FERRY_JVM_CACHE", "off"), "up");

        List<String> runs = javaRuns();
        assertThat(runs.get(0)).contains("-XX:ArchiveClassesAtExit=" + archive + ".").contains("--exit-when-ready")
                .doesNotContain("AOTCache").doesNotContain("--sun-misc-unsafe-memory-access");
        assertThat(runs.get(1)).contains("-XX:SharedArchiveFile=" + archive).contains("-Xlog:cds*=off");
        assertThat(runs.get(2)).doesNotContain("SharedArchiveFile").contains("-cp " + checkout.resolve("local/target/classes") + ":");
    }

    @Test
    void aTrainingThatFailsIsSaidOnceAndTheUpStartsWithoutTheCache() throws Exception {
        Path jdk = builtCheckoutWithJdk(25);
        // A java that fails whenever it is asked to record a cache.
        executable(jdk.resolve("bin/java"), """
                #!/bin/bash
                echo "$*" >> "$FERRY_HOME/java.log"
                case "$*" in *AOTCacheOutput*) echo "Error: something the JVM did not like" >&2; exit 1 ;; esac
                """);
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        Run first = ferry(env, "up");
        Run second = ferry(env, "up");

        assertThat(first.err()).contains("could not prepare the JVM's start-up cache (exit 1 after")
                .contains("see .ferry/jvm-cache.log").contains("starting without it");
        assertThat(checkout.resolve(".ferry/jvm-cache.log")).content().contains("something the JVM did not like");
        assertThat(second.err()).doesNotContain("preparing").doesNotContain("could not prepare");
        assertThat(javaRuns()).filteredOn(run -> run.contains("AOTCacheOutput")).hasSize(1);
        assertThat(javaRuns()).filteredOn(run -> run.endsWith("FerryCli up")).hasSize(2)
                .allSatisfy(run -> assertThat(run).doesNotContain("-XX:AOTCache="));
    }

    @Test
    void upWithoutNodeSaysWhatToInstallBeforeBuildingAnything() throws Exception {
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho MAVEN RAN >&2\nexit 1\n");
        // A PATH with the tools the script uses, but no node.
        Path bin = toolsWithout(List.of("node", "java"));

        Run up = ferry(Map.of("PATH", bin.toString()), "up");

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err()).contains("Node.js is needed to start the local cloud").contains("no 'node' on PATH")
                .contains("Install Node.js 20 or newer").doesNotContain("MAVEN RAN");
    }

    @Test
    void upWithoutAJdkOf21OrNewerSaysWhereItLookedAndWhatToInstall() throws Exception {
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho MAVEN RAN >&2\nexit 1\n");
        Path bin = toolsWithout(List.of("java"));
        Path noJdks = Files.createDirectories(checkout.resolve("no-jdks"));

        Run up = ferry(Map.of("PATH", bin.toString(), "JAVA_HOME", "", "FERRY_JDK_ROOTS", noJdks.toString()), "up");

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err()).contains("No JDK 21 or newer found: looked at JAVA_HOME, the java on PATH and the JDKs in " + noJdks)
                .contains("point JAVA_HOME at one").doesNotContain("MAVEN RAN");
    }

    /** A directory of symbolic links to the tools the script uses, without those named. */
    private Path toolsWithout(List<String> missing) throws IOException {
        Path bin = Files.createDirectories(checkout.resolve("tools-" + String.join("-", missing)));
        for (String tool : List.of("dirname", "find", "sed", "head", "basename", "awk", "cut", "readlink", "cat", "date", "mkdir",
                "rm", "mv", "touch", "grep", "tail", "tee", "node", "java")) {
            if (missing.contains(tool)) continue;
            Path real = Path.of("/usr/bin", tool);
            if (!Files.exists(real)) real = Path.of("/bin", tool);
            if (Files.exists(real)) Files.createSymbolicLink(bin.resolve(tool), real);
        }
        return bin;
    }

    @Test
    void theNpmStepSaysThatNodeModulesIsMissingRatherThanOlderThanTheLockfile() throws Exception {
        Path project = Files.createDirectories(checkout.resolve("project"));
        Files.writeString(project.resolve("package-lock.json"), "{}");
        // A stand-in npm that installs nothing but what `npm ci` leaves behind.
        executable(checkout.resolve("fake-npm/npm"), "#!/bin/sh\nmkdir -p node_modules && echo '{}' > node_modules/.package-lock.json\n");
        String path = checkout.resolve("fake-npm") + ":" + System.getenv("PATH");

        Process install = npmStep(project, path).start();
        String installed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        install.waitFor(60, TimeUnit.SECONDS);
        Process upToDate = npmStep(project, path).start();
        String nothing = new String(upToDate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        upToDate.waitFor(60, TimeUnit.SECONDS);

        assertThat(installed).contains("npm: npm ci in " + project + " (node_modules does not exist yet)")
                .doesNotContain("newer than node_modules").containsPattern("npm: installed the Node tools in \\d+\\.\\d s");
        assertThat(nothing).isEmpty();
    }

    private static ProcessBuilder npmStep(Path project, String path) {
        ProcessBuilder step = new ProcessBuilder("node", REPOSITORY.resolve("local-cloud/src/build/npm-ci-if-stale.js").toString(),
                project.toString()).redirectErrorStream(true).directory(project.toFile());
        step.environment().put("PATH", path);
        return step;
    }
}
