package dev.ferry.local.faults.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.sns.SnsService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InternalErrorException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Outages against the real local services (Ferry's SNS, kinesis-mock), seen through the AWS SDK v2 clients a
 * function uses: the failing calls surface as the exception types and error codes AWS's answers produce, the
 * SDK's retries meet the outage too (each attempt counted), everything else passes, a function outside the
 * outage is untouched, and the same calls go through once it ends.
 */
class OutageAnswersTest {

    private static final String RELAY = "relay";
    private static final String API = "api";
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static SnsService sns;
    private static KinesisService kinesis;
    private static SnsClient directSns;
    private static KinesisClient directKinesis;
    private static String topicArn;
    private static final String STREAM = "outage-log";

    private final List<AutoCloseable> clients = new ArrayList<>();
    private Outages outages;

    @BeforeAll
    static void startServices() {
        sns = SnsService.start(URI.create("http://127.0.0.1:9"), "us-east-1"); // no SQS delivery in these tests
        kinesis = KinesisService.start();
        directSns = configure(SnsClient.builder(), sns.endpoint(), o -> { }).build();
        directKinesis = configure(KinesisClient.builder(), kinesis.endpoint(), o -> { }).build();
        topicArn = directSns.createTopic(b -> b.name("domain-events")).topicArn();
        directKinesis.createStream(b -> b.streamName(STREAM).shardCount(1));
        directKinesis.waiter().waitUntilStreamExists(b -> b.streamName(STREAM));
    }

    @AfterAll
    static void stopServices() {
        directSns.close();
        directKinesis.close();
        sns.close();
        kinesis.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (outages != null) {
            outages.close();
        }
    }

    private static <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(
            B builder, URI endpoint, Consumer<ClientOverrideConfiguration.Builder> override) {
        builder.region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override);
        return builder;
    }

    private Outages switchable() {
        Map<String, String> endpoints = new LinkedHashMap<>(sns.endpoints());
        endpoints.putAll(kinesis.endpoints());
        outages = Outages.start(OutagePlan.switchable(OutageService.SNS, OutageService.KINESIS), List.of(RELAY, API),
                endpoints, InstantSource.system(), QUIET);
        return outages;
    }

    private URI endpointOf(String function, OutageService service) {
        return URI.create(outages.endpointsFor(function, Map.of()).get(service.endpointVariable()));
    }

    /** The SNS client of a function, with the SDK's default retries. */
    private SnsClient snsOf(String function) {
        return track(configure(SnsClient.builder(), endpointOf(function, OutageService.SNS), o -> { }).build());
    }

    /** Without retries: one call, one request, for the tests about what a single answer becomes. */
    private SnsClient snsWithoutRetriesOf(String function) {
        return track(configure(SnsClient.builder(), endpointOf(function, OutageService.SNS),
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    }

    private KinesisClient kinesisWithoutRetriesOf(String function) {
        return track(configure(KinesisClient.builder(), endpointOf(function, OutageService.KINESIS),
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    @Test
    void publishingDuringAnOutageFailsWith503AfterEveryRetryOfTheSdkEachCounted() {
        switchable().start(Outage.of(OutageService.SNS));
        SnsClient relay = snsOf(RELAY);
        int attempts = relay.serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow().maxAttempts();

        SnsException e = catchThrowableOfType(SnsException.class, () -> relay.publish(b -> b.topicArn(topicArn).message("m")));

        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
        assertThat(e.awsErrorDetails().errorMessage()).contains("Ferry outage for relay");
        assertThat(attempts).as("the SDK retries a 503").isGreaterThan(1);
        assertThat(e.numAttempts()).isEqualTo(attempts);
        assertThat(outages.counters().failedRequests(RELAY, OutageService.SNS)).isEqualTo(attempts);
    }

    @Test
    void anInternalErrorIsSnssModeledInternalErrorException() {
        switchable().start(Outage.of(OutageService.SNS).failingWith(OutageKind.INTERNAL_ERROR));

        assertThatThrownBy(() -> snsWithoutRetriesOf(RELAY).publish(b -> b.topicArn(topicArn).message("m")))
                .isInstanceOfSatisfying(InternalErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                    assertThat(e.isThrottlingException()).isFalse();
                });
    }

    @Test
    void throttlingIsAThrottlingExceptionTheSdkTreatsAsAThrottle() {
        switchable().start(Outage.of(OutageService.SNS).failingWith(OutageKind.THROTTLING));
        SnsClient relay = snsWithoutRetriesOf(RELAY);

        assertThatThrownBy(() -> relay.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("e0").message("m").build())))
                .isInstanceOfSatisfying(SnsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.isThrottlingException()).isTrue();
                });
    }

    @Test
    void onlyPublishingFailsAndOnlyForTheFunctionsOfTheOutageUntilItEnds() {
        Outages.Running outage = switchable().start(Outage.of(OutageService.SNS, OutageService.KINESIS).onlyFor(RELAY));
        SnsClient relay = snsWithoutRetriesOf(RELAY);

        assertThatThrownBy(() -> relay.publish(b -> b.topicArn(topicArn).message("m"))).isInstanceOf(SnsException.class);
        assertThat(relay.getTopicAttributes(b -> b.topicArn(topicArn)).attributes()).containsEntry("TopicArn", topicArn);
        assertThat(snsWithoutRetriesOf(API).publish(b -> b.topicArn(topicArn).message("m")).messageId()).isNotBlank();
        assertThat(kinesisWithoutRetriesOf(API).putRecord(b -> b.streamName(STREAM).partitionKey("k")
                .data(SdkBytes.fromUtf8String("api"))).sequenceNumber()).isNotBlank();

        outage.end();

        assertThat(relay.publish(b -> b.topicArn(topicArn).message("m")).messageId()).isNotBlank();
        OutageCounters counters = outages.counters();
        assertThat(counters.failedRequests(RELAY)).isEqualTo(1);
        assertThat(counters.failedRequests(API)).isZero();
        assertThat(counters.forwardedRequests(RELAY, OutageService.SNS)).isEqualTo(2);
        assertThat(counters.counts()).anySatisfy(c -> assertThat(c).isEqualTo(
                new OutageCounters.Count(RELAY, OutageService.SNS, "Publish", 1, 1)));
    }

    @Test
    void kinesisUnavailableAndInternalFailureReachTheCborClientWithTheirStatusAndCode() {
        Outages.Running unavailable = switchable().start(Outage.of(OutageService.KINESIS));
        KinesisClient relay = kinesisWithoutRetriesOf(RELAY);

        KinesisException down = catchThrowableOfType(KinesisException.class,
                () -> relay.putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("x"))));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");

        unavailable.end();
        outages.start(Outage.of(OutageService.KINESIS).failingWith(OutageKind.INTERNAL_ERROR));
        KinesisException internal = catchThrowableOfType(KinesisException.class,
                () -> relay.putRecords(b -> b.streamName(STREAM).records(entry("a"), entry("b"))));
        assertThat(internal.statusCode()).isEqualTo(500);
        assertThat(internal.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
        assertThat(internal.awsErrorDetails().errorMessage()).startsWith("Internal service failure.");
    }

    @Test
    void throttledKinesisFailsPutRecordWholeAndEveryRecordOfPutRecordsWhichWritesNothing() {
        switchable().start(Outage.of(OutageService.KINESIS).failingWith(OutageKind.THROTTLING));
        KinesisClient relay = kinesisWithoutRetriesOf(RELAY);
        String arn = directKinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary().streamARN();
        String iterator = directKinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();

        assertThatThrownBy(() -> relay.putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.awsErrorDetails().errorMessage()).contains("stream " + STREAM + " under account 000000000000");
                });
        PutRecordsResponse partial = relay.putRecords(b -> b.streamARN(arn).records(entry("a"), entry("b"), entry("c")));

        assertThat(partial.failedRecordCount()).isEqualTo(3);
        assertThat(partial.records()).hasSize(3).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(r.errorMessage()).contains("stream " + STREAM);
            assertThat(r.sequenceNumber()).isNull();
        });
        assertThat(directKinesis.getRecords(b -> b.shardIterator(iterator)).records()).isEmpty();
    }

    @Test
    void duringAnOutageKinesisReadsPassAndAfterItThePublishedRecordsArriveIntact() {
        Outages.Running outage = switchable().start(Outage.of(OutageService.KINESIS).onlyFor(RELAY));
        KinesisClient relay = kinesisWithoutRetriesOf(RELAY);
        String iterator = directKinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();

        assertThat(relay.listShards(b -> b.streamName(STREAM)).shards()).singleElement()
                .satisfies(s -> assertThat(s.shardId()).isEqualTo("shardId-000000000000"));
        assertThatThrownBy(() -> relay.putRecords(b -> b.streamName(STREAM).records(entry("lost?")))).isInstanceOf(KinesisException.class);
        outage.end();
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        PutRecordsResponse put = relay.putRecords(b -> b.streamName(STREAM).records(entry("first"),
                PutRecordsRequestEntry.builder().partitionKey("k").data(SdkBytes.fromByteArray(binary)).build()));

        assertThat(put.failedRecordCount()).isZero();
        assertThat(directKinesis.getRecords(b -> b.shardIterator(iterator)).records())
                .extracting(r -> r.data().asByteArray())
                .containsExactly("first".getBytes(java.nio.charset.StandardCharsets.UTF_8), binary);
    }

    @Test
    void aJsonProtocolCallGetsItsErrorAsJson() throws Exception {
        switchable().start(Outage.of(OutageService.KINESIS));
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(endpointOf(RELAY, OutageService.KINESIS))
                        .header("X-Amz-Target", "Kinesis_20131202.PutRecord")
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"StreamName\":\"" + STREAM + "\",\"PartitionKey\":\"k\",\"Data\":\"eA==\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo("ServiceUnavailable");
        assertThat(body.path("message").asText()).contains("Ferry outage for relay");
    }

    private static PutRecordsRequestEntry entry(String data) {
        return PutRecordsRequestEntry.builder().partitionKey("k").data(SdkBytes.fromUtf8String(data)).build();
    }
}
