package dev.ferry.functions.shaded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.LambdaRuntime;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded, minimized {@code ferry-functions.jar} runs the whole workflow in a JVM of its own (class path:
 * the jar and {@link WorkflowDriver} only), against the local DynamoDB, SQS, SNS and Kinesis: proof that
 * minimization kept every class the handlers load. Then every function runs from the jar in the local Lambda
 * runtime with a first event of the shape Lambda sends it, through aws-lambda-java-serialization as on Lambda (which
 * needs the jar's joda-time for every event class, and parses an SNS notification's {@code Timestamp} with it).
 * Runs in {@code verify} (failsafe), after the jar is built.
 */
class ShadedJarIT {

    @Test
    void theShadedJarRunsOrderToCashEndToEnd() throws Exception {
        String jar = System.getProperty("ferry.functions.jar");
        assumeTrue(jar != null && new File(jar).isFile(), "runs in verify, once the shaded jar exists");
        try (WorkflowEnvironment workflow = WorkflowEnvironment.start()) {
            Map<String, String> env = workflow.environment();
            Path log = Files.createTempFile("workflow-driver", ".log");
            String classPath = jar + File.pathSeparator + Path.of(WorkflowDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath, WorkflowDriver.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile());
            process.environment().clear();
            process.environment().putAll(env);
            Process driver = process.start();
            boolean finished = driver.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                driver.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(finished).as(output).isTrue();
            assertThat(driver.exitValue()).as(output).isZero();
            assertThat(output).contains("WORKFLOW OK").doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
            Files.delete(log);
        }
    }

    @Test
    void everyFunctionAnswersItsFirstEventFromTheShadedJarThroughTheLocalLambdaRuntime() throws Exception {
        String jar = System.getProperty("ferry.functions.jar");
        assumeTrue(jar != null && new File(jar).isFile(), "runs in verify, once the shaded jar exists");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (WorkflowEnvironment workflow = WorkflowEnvironment.start();
             LambdaRuntime runtime = ShadedFunctions.runtime(Path.of(jar), workflow.environment(), new PrintStream(log, true, StandardCharsets.UTF_8))) {
            for (ShadedFunctions.Function f : ShadedFunctions.all()) {
                InvokeResult result = runtime.invoke(f.arn(), f.firstEvent());
                assertThat(result).as(f.name() + ": " + result + "\n" + log.toString(StandardCharsets.UTF_8))
                        .isInstanceOf(InvokeResult.Success.class);
                if (f.name().endsWith("Api")) {
                    JsonNode response = new ObjectMapper().readTree(((InvokeResult.Success) result).payload());
                    assertThat(response.path("statusCode").asInt()).as(f.name() + ": " + response).isBetween(200, 499);
                }
            }
            assertThat(runtime.initStats()).as("every function was initialised and timed").hasSize(12)
                    .allSatisfy(s -> assertThat(s.first()).as(s.functionName()).isPresent());
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).as("Lambda's REPORT line of each cold start")
                .contains("[Telemetry] REPORT RequestId: ", "Init Duration: ")
                .doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
    }

    @Test
    void theShadedJarIsLeanOneJacksonCoreNoServiceMetadataAtMostTwelveMegabytes() throws Exception {
        String jar = System.getProperty("ferry.functions.jar");
        assumeTrue(jar != null && new File(jar).isFile(), "runs in verify, once the shaded jar exists");
        try (JarFile file = new JarFile(jar)) {
            List<String> names = file.stream().map(JarEntry::getName).toList();
            assertThat(names).as("the SDK's own copy of jackson-core and CBOR are relocated onto com.fasterxml's")
                    .noneMatch(name -> name.startsWith("software/amazon/awssdk/thirdparty/"))
                    .contains("com/fasterxml/jackson/core/JsonFactory.class", "com/fasterxml/jackson/dataformat/cbor/CBORFactory.class");
            assertThat(names).as("no per-service metadata; the functions' provider instead of the SDK's")
                    .noneMatch(name -> name.startsWith("software/amazon/awssdk/regions/servicemetadata/"))
                    .contains("software/amazon/awssdk/regions/GeneratedServiceMetadataProvider.class");
            try (var provider = file.getInputStream(file.getJarEntry("software/amazon/awssdk/regions/GeneratedServiceMetadataProvider.class"))) {
                assertThat(new String(provider.readAllBytes(), StandardCharsets.ISO_8859_1)).doesNotContain("servicemetadata");
            }
        }
        assertThat(Files.size(Path.of(jar))).as("issue 12's target for the functions jar").isLessThanOrEqualTo(12_000_000L);
    }

    @Test
    void theShadedJarHoldsNoNettyAndNoApacheHttpClient() throws Exception {
        String jar = System.getProperty("ferry.functions.jar");
        assumeTrue(jar != null && new File(jar).isFile(), "runs in verify, once the shaded jar exists");
        try (JarFile file = new JarFile(jar)) {
            List<String> classes = file.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class")).toList();
            assertThat(classes).as("the URLConnection client is in").anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/"));
            assertThat(classes).as("Netty and Apache only add cold-start time")
                    .noneMatch(name -> name.startsWith("io/netty/")
                            || name.startsWith("org/apache/http/")
                            || name.startsWith("org/apache/hc/")
                            || name.startsWith("software/amazon/awssdk/http/nio/netty/")
                            || name.startsWith("software/amazon/awssdk/http/apache/")
                            || name.startsWith("software/amazon/awssdk/http/apache5/"));
        }
    }
}
