package dev.ferry.functions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.functions.events.RequestServed;
import dev.ferry.metrics.EmfMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InternalErrorException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

class SnsTelemetryTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:dev-telemetry";

    /** An SNS that holds every PublishBatch until released, then accepts it (or fails it). */
    private static final class StalledSns implements SnsClient {
        final CountDownLatch release = new CountDownLatch(1);
        final List<PublishBatchRequest> requests = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public PublishBatchResponse publishBatch(PublishBatchRequest request) {
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            requests.add(request);
            if (failing) {
                throw InternalErrorException.builder().message("SNS is having a bad day").statusCode(500).build();
            }
            return PublishBatchResponse.builder().successful(request.publishBatchRequestEntries().stream()
                    .map(e -> PublishBatchResultEntry.builder().id(e.id()).messageId("m-" + e.id()).build()).toList()).build();
        }

        @Override
        public String serviceName() {
            return "sns";
        }

        @Override
        public void close() {
        }
    }

    private final StalledSns sns = new StalledSns();
    private final EmfMetrics metrics = new EmfMetrics("Ferry", Map.of("Service", "Test"), new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC());
    private SnsTelemetry telemetry;

    @AfterEach
    void stop() {
        sns.release.countDown();
        telemetry.close(5_000);
    }

    private static RequestServed served(int n) {
        return new RequestServed("OrdersApi", "POST /orders", 202, n);
    }

    @Test
    void aStalledTelemetryTopicNeitherSlowsNorFailsTheRequests() {
        telemetry = new SnsTelemetry(sns, TOPIC, metrics);
        for (int i = 0; i < 25; i++) {
            telemetry.requestServed(served(i));
        }
        // Every request above returned while SNS still holds the first publish.
        assertThat(sns.requests).isEmpty();
        sns.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> telemetry.sent() == 25);
        assertThat(sns.requests).allSatisfy(r -> assertThat(r.publishBatchRequestEntries()).hasSizeLessThanOrEqualTo(10));
        assertThat(sns.requests.getFirst().publishBatchRequestEntries().getFirst().messageAttributes())
                .containsKeys("type", "correlationid");
        assertThat(telemetry.dropped()).isZero();
    }

    @Test
    void aFullBufferDropsAndCountsInsteadOfWaiting() {
        telemetry = new SnsTelemetry(sns, TOPIC, metrics, 3);
        for (int i = 0; i < 20; i++) {
            telemetry.requestServed(served(i));
        }
        assertThat(telemetry.dropped()).as("at most the buffer and one batch in flight are kept").isGreaterThanOrEqualTo(20 - 3 - SnsTelemetry.BATCH);
        sns.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> telemetry.sent() + telemetry.dropped() == 20);
    }

    @Test
    void aFailingPublishIsCountedAsDroppedAndNeverThrown() {
        sns.failing = true;
        sns.release.countDown();
        telemetry = new SnsTelemetry(sns, TOPIC, metrics);
        telemetry.requestServed(served(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> telemetry.dropped() == 1);
        assertThat(telemetry.sent()).isZero();
    }
}
