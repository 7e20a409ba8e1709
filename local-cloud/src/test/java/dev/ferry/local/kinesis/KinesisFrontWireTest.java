package dev.ferry.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kinesis rules in the JSON protocol (the SDK v2 default is CBOR, which the conformance suite covers), with either
 * engine: in process before the emulator, or in the front before kinesis-mock. A refused call is HTTP 400 with
 * {@code {"__type": code, "message": text}}, the shape of AWS's Kinesis errors
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html).
 */
class KinesisFrontWireTest {

    @ParameterizedTest
    @EnumSource(KinesisSettings.Engine.class)
    void aJsonPutRecordsOfFiveHundredAndOneRecordsIsAValidationErrorInJson(KinesisSettings.Engine engine) throws Exception {
        String record = "{\"PartitionKey\":\"p\",\"Data\":\"eA==\"}";
        String body = "{\"StreamName\":\"any\",\"Records\":[" + String.join(",", Collections.nCopies(501, record)) + "]}";
        try (KinesisService kinesis = KinesisService.start(KinesisSettings.defaults().withEngine(engine));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(kinesis.endpoint())
                    .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "Kinesis_20131202.PutRecords")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
            assertThat(answer.body()).startsWith("{\"__type\":\"ValidationException\",\"message\":\"1 validation error detected:")
                    .contains("Member must have length less than or equal to 500");
        }
    }
}
