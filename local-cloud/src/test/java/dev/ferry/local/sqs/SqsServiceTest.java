package dev.ferry.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The lifecycle and addressing of the embedded ElasticMQ. Its SQS behaviour is in the conformance suite. */
class SqsServiceTest {

    @Test
    void queueUrlsAndArnsCarryTheConfiguredRegionAndAccount() {
        var settings = SqsSettings.defaults().withRegion("eu-west-1").withAccountId("123456789012");
        try (SqsService service = SqsService.start(settings); SqsClient sqs = client(service)) {
            String url = sqs.createQueue(b -> b.queueName("orders")).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);

            assertThat(url).isEqualTo(service.queueUrl("orders").toString())
                    .isEqualTo("http://127.0.0.1:" + service.port() + "/123456789012/orders");
            assertThat(arn).isEqualTo(service.queueArn("orders")).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:orders");
            assertThat(service.endpoints()).containsExactly(
                    Map.entry("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + service.port()));
        }
    }

    @Test
    void pinnedPortIsUsedAndReleasedOnClose() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SqsService service = SqsService.start(SqsSettings.defaults().withPort(port));
        try (SqsClient sqs = client(service)) {
            assertThat(service.port()).isEqualTo(port);
            assertThat(sqs.listQueues().queueUrls()).isEmpty();
        } finally {
            service.close();
        }

        assertThat(canConnect(port)).isFalse();
        service.close(); // idempotent
    }

    @Test
    void pinnedPortInUseIsReportedWithWhatToDoAndLeavesNoThreads() throws IOException {
        Set<String> actorSystemsBefore = actorSystemsRunning();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> SqsService.start(SqsSettings.defaults().withPort(taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageContaining("Choose another");
        }
        // Pekko's dispatcher threads wind down shortly after their actor system has terminated.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(actorSystemsRunning()).isSubsetOf(actorSystemsBefore));
    }

    /** Names of the ElasticMQ actor systems that still have threads, e.g. {@code ferry-sqs-3}. */
    private static Set<String> actorSystemsRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("ferry-sqs-"))
                .map(name -> name.replaceFirst("-pekko.*", ""))
                .collect(Collectors.toSet());
    }

    @Test
    void settingsRejectWhatAwsWouldNotAccept() {
        assertThatThrownBy(() -> SqsSettings.defaults().withAccountId("42")).hasMessageContaining("twelve digits");
        assertThatThrownBy(() -> SqsSettings.defaults().withRegion("moon")).hasMessageContaining("region");
        assertThatThrownBy(() -> SqsSettings.defaults().withPort(70_000)).hasMessageContaining("port");
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static SqsClient client(SqsService service) {
        return SqsClient.builder()
                .endpointOverride(service.endpoint())
                .region(Region.of(service.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ferry", "ferry")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
