package dev.ferry.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** KinesisService with the in-process emulator: the default engine, its port, and the JSON 1.1 protocol on the wire. */
class KinesisEmulatorServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KinesisSettings EMULATOR = KinesisSettings.defaults().withEngine(KinesisSettings.Engine.EMULATOR);

    @Test
    void theEngineIsNamedByTheSettingAndTheEmulatorIsTheDefault() {
        assertThat(KinesisSettings.Engine.parse("kinesis-mock")).isEqualTo(KinesisSettings.Engine.KINESIS_MOCK);
        assertThat(KinesisSettings.Engine.parse(" KINESIS_MOCK ")).isEqualTo(KinesisSettings.Engine.KINESIS_MOCK);
        assertThat(KinesisSettings.Engine.parse("emulator")).isEqualTo(KinesisSettings.Engine.EMULATOR);
        assertThatThrownBy(() -> KinesisSettings.Engine.parse("kinesalite"))
                .hasMessageContaining("ferry.kinesis.engine").hasMessageContaining("'emulator' or 'kinesis-mock'");
        if (System.getProperty(KinesisSettings.ENGINE_PROPERTY) == null && System.getenv(KinesisSettings.ENGINE_ENV) == null) {
            assertThat(KinesisSettings.defaults().engine()).isEqualTo(KinesisSettings.Engine.EMULATOR);
        }
    }

    @Test
    void theEmulatorAnswersOnLoopbackInThisProcessAndFreesItsPortOnClose() {
        KinesisService service = KinesisService.start(EMULATOR);
        try (KinesisClient kinesis = KinesisServiceTest.client(service)) {
            assertThat(kinesis.listStreams().streamNames()).isEmpty();
            assertThat(service.endpoints()).containsEntry("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:" + service.port());
            assertThat(service.engine()).isEqualTo(KinesisSettings.Engine.EMULATOR);
            assertThat(service.recentOutput()).isEmpty();
            assertThatThrownBy(service::pid).isInstanceOf(IllegalStateException.class);
        } finally {
            service.close();
        }
        assertThat(KinesisServiceTest.canConnect(InetAddress.getLoopbackAddress(), service.port())).isFalse();
        service.close(); // idempotent
    }

    @Test
    void twoEmulatorsKeepTheirOwnStreams() {
        try (KinesisService one = KinesisService.start(EMULATOR); KinesisService two = KinesisService.start(EMULATOR);
             KinesisClient first = KinesisServiceTest.client(one); KinesisClient second = KinesisServiceTest.client(two)) {
            first.createStream(b -> b.streamName("only-in-one").shardCount(1));

            assertThat(first.listStreams().streamNames()).containsExactly("only-in-one");
            assertThat(second.listStreams().streamNames()).isEmpty();
        }
    }

    @Test
    void pinnedPortInUseIsReportedWithWhatToDo() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> KinesisService.start(EMULATOR.withPort(taken.getLocalPort())))
                    .isInstanceOf(KinesisMockException.class)
                    .hasMessageContaining("address in use")
                    .hasMessageContaining("choose another port");
        }
    }

    // AWS: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html (Data: "a blob ... Base64-encoded
    //   when serialized"); https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Record.html
    //   (ApproximateArrivalTimestamp, a timestamp: epoch seconds in the JSON protocol); errors are {"__type", "message"}
    //   (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html)
    @Test
    void theJsonProtocolCarriesDataAsBase64AndTimestampsAsEpochSeconds() throws Exception {
        try (KinesisService kinesis = KinesisService.start(EMULATOR.withStreamTransitionTime(java.time.Duration.ZERO));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long before = System.currentTimeMillis();
            assertThat(call(http, kinesis, "CreateStream", "{\"StreamName\":\"json\",\"ShardCount\":1}").statusCode()).isEqualTo(200);
            var put = call(http, kinesis, "PutRecord", "{\"StreamName\":\"json\",\"PartitionKey\":\"p\",\"Data\":\"aGVsbG8=\"}");
            String iterator = body(call(http, kinesis, "GetShardIterator", "{\"StreamName\":\"json\",\"ShardId\":\""
                    + body(put).get("ShardId").asText() + "\",\"ShardIteratorType\":\"TRIM_HORIZON\"}")).get("ShardIterator").asText();
            JsonNode records = body(call(http, kinesis, "GetRecords", "{\"ShardIterator\":\"" + iterator + "\"}"));

            assertThat(put.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
            JsonNode record = records.get("Records").get(0);
            assertThat(record.get("Data").asText()).isEqualTo("aGVsbG8=");
            assertThat(record.get("SequenceNumber").asText()).isEqualTo(body(put).get("SequenceNumber").asText());
            assertThat(record.get("ApproximateArrivalTimestamp").decimalValue().movePointRight(3).longValue())
                    .isBetween(before, System.currentTimeMillis());
            assertThat(records.get("MillisBehindLatest").asLong()).isZero();

            var unknown = call(http, kinesis, "SplitShard", "{\"StreamName\":\"json\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(body(unknown).get("__type").asText()).isEqualTo("UnknownOperationException");
            var malformed = call(http, kinesis, "GetRecords", "{\"ShardIterator\":\"not-an-iterator\"}");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(body(malformed).get("__type").asText()).isEqualTo("InvalidArgumentException");
        }
    }

    private static HttpResponse<String> call(HttpClient http, KinesisService kinesis, String operation, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(kinesis.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "Kinesis_20131202." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
