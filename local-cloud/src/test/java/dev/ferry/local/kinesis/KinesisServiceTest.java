package dev.ferry.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The lifecycle of the kinesis-mock child process (the engine kept selectable): start, answer, isolation, and no orphans. */
class KinesisServiceTest {

    static final KinesisSettings MOCK = KinesisSettings.defaults().withEngine(KinesisSettings.Engine.KINESIS_MOCK);

    @Test
    void startedServiceAnswersOnLoopbackOnlyAndStopsWithItsProcess() throws IOException {
        KinesisService service = KinesisService.start(MOCK);
        long pid = service.pid();
        try (KinesisClient kinesis = client(service)) {
            assertThat(kinesis.listStreams().streamNames()).isEmpty();
            assertThat(service.endpoints()).containsOnlyKeys("AWS_ENDPOINT_URL_KINESIS")
                    .containsEntry("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:" + service.port());
            nonLoopbackAddress().ifPresent(address -> assertThat(canConnect(address, service.port()))
                    .as("reachable on %s", address).isFalse());
        } finally {
            service.close();
        }

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(canConnect(InetAddress.getLoopbackAddress(), service.port())).isFalse();
        service.close(); // idempotent
    }

    @Test
    void twoInstancesStartedAtOnceRunSideBySideWithSeparateStreams() {
        var starting = CompletableFuture.supplyAsync(() -> KinesisService.start(MOCK));
        try (KinesisService one = KinesisService.start(MOCK); KinesisService two = starting.join();
             KinesisClient first = client(one); KinesisClient second = client(two)) {
            first.createStream(b -> b.streamName("only-in-one").shardCount(1));

            assertThat(one.port()).isNotEqualTo(two.port());
            assertThat(first.listStreams().streamNames()).containsExactly("only-in-one");
            assertThat(second.listStreams().streamNames()).isEmpty();
        }
    }

    /** An IPv4 address of this machine other than loopback, to prove nothing listens there. */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> !isLoopback(nic))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address)
                .findFirst();
    }

    @Test
    void pinnedPortInUseIsReportedWithWhatToDo() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> KinesisService.start(MOCK.withPort(taken.getLocalPort())))
                    .isInstanceOf(KinesisMockException.class)
                    .hasMessageContaining("address in use")
                    .hasMessageContaining("choose another port");
        }
    }

    @Test
    void missingPackageIsReportedWithWhatToDo(@TempDir Path empty) {
        assertThatThrownBy(() -> KinesisService.start(MOCK.withPackageDir(empty)))
                .isInstanceOf(KinesisMockException.class)
                .hasMessageContaining("npm ci");
    }

    @Test
    void missingNodeIsReportedWithWhatToDo() {
        assertThatThrownBy(() -> KinesisService.start(MOCK.withNode("/nonexistent/node")))
                .isInstanceOf(KinesisMockException.class)
                .hasMessageContaining("Node.js");
    }

    @Test
    void processThatDiesAtStartIsReportedWithItsOutput(@TempDir Path fake) throws IOException {
        Files.writeString(fake.resolve("main.js"), "console.error('broken install'); process.exit(3);");

        assertThatThrownBy(() -> KinesisService.start(MOCK.withPackageDir(fake)))
                .isInstanceOf(KinesisMockException.class)
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("broken install");
    }

    @Test
    void processThatNeverAnswersIsStoppedAfterTheTimeout(@TempDir Path fake) throws IOException {
        Files.writeString(fake.resolve("main.js"), "setInterval(() => {}, 1000);");

        assertThatThrownBy(() -> KinesisService.start(MOCK.withPackageDir(fake)
                .withStartTimeout(Duration.ofMillis(500))))
                .isInstanceOf(KinesisMockException.class)
                .hasMessageContaining("did not answer")
                .hasMessageContaining("within 500 ms");
    }

    @Test
    void codeCacheIsWrittenBesideThePackageAndACorruptOneIsIgnored(@TempDir Path home) throws IOException {
        Path installed = KinesisMockPackage.locate();
        Path copy = home.resolve("node_modules").resolve("kinesis-local");
        Files.createDirectories(copy);
        for (String file : List.of("main.js", "server.json", "package.json")) {
            Files.copy(installed.resolve(file), copy.resolve(file));
        }
        Path cacheDir = home.resolve("node_modules").resolve(".cache").resolve("ferry");
        KinesisSettings settings = MOCK.withPackageDir(copy);

        try (KinesisService first = KinesisService.start(settings)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cacheFiles(cacheDir).size() == 1);
        }
        Path cache = cacheFiles(cacheDir).getFirst();
        Files.write(cache, new byte[] {1, 2, 3, 4});

        try (KinesisService second = KinesisService.start(settings); KinesisClient kinesis = client(second)) {
            assertThat(kinesis.listStreams().streamNames()).isEmpty();
        }
    }

    private static List<Path> cacheFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".v8cache")).toList();
        }
    }

    @Test
    void nodeProcessDiesWhenItsJvmIsKilled() throws Exception {
        assertNodeDiesWithJvm(true);
    }

    @Test
    void nodeProcessDiesWhenItsJvmIsTerminated() throws Exception {
        assertNodeDiesWithJvm(false);
    }

    private void assertNodeDiesWithJvm(boolean sigkill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        long nodePid;
        try {
            nodePid = readNodePid(jvm);
            assertThat(ProcessHandle.of(nodePid).filter(ProcessHandle::isAlive)).isPresent();
        } finally {
            if (sigkill) {
                jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            } else {
                jvm.destroy(); // SIGTERM: shutdown hooks run
            }
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ProcessHandle.of(nodePid).filter(ProcessHandle::isAlive).isEmpty());
        } finally {
            // Should the guard ever fail, do not leave the orphan this test exists to prevent.
            ProcessHandle.of(nodePid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static long readNodePid(Process jvm) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("node-pid=")) {
                return Long.parseLong(line.substring("node-pid=".length()));
            }
            seen.add(line);
        }
        throw new AssertionError("The probe JVM ended without starting kinesis-mock: " + String.join("\n", seen));
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback() || !nic.isUp();
        } catch (IOException e) {
            return true;
        }
    }

    static boolean canConnect(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static KinesisClient client(KinesisService service) {
        return KinesisClient.builder()
                .endpointOverride(service.endpoint())
                .region(Region.of(service.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry", "ferry")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
