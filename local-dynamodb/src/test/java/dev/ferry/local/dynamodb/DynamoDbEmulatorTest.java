package dev.ferry.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class DynamoDbEmulatorTest {

    @Test
    void servesBothEndpointsFromOnePortAndReleasesItOnClose() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        DynamoDbEmulator emulator = DynamoDbEmulator.start(port);
        assertThat(emulator.name()).isEqualTo("dynamodb");
        assertThat(emulator.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + port));
        assertThat(emulator.endpoints()).containsOnlyKeys("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_DYNAMODB_STREAMS")
                .containsValue("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> DynamoDbEmulator.start(port)).hasMessageContaining("Cannot listen");
        emulator.close();
        emulator.close();
        try (DynamoDbEmulator again = DynamoDbEmulator.start(port)) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void answersWithJsonErrorsAndAChecksumTheSdksVerify() throws IOException, InterruptedException {
        try (DynamoDbEmulator emulator = DynamoDbEmulator.start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(emulator.endpoint())
                    .header("X-Amz-Target", "DynamoDB_20120810.NoSuchThing").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            // AWS's front end answers an unknown operation under its own namespace, without a message
            // (github.com/architect/dynalite test/connection.js, recorded on DynamoDB)
            assertThat(unknown.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
            HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(emulator.endpoint())
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables").POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(malformed.body()).contains("\"__type\":\"com.amazon.coral.service#SerializationException\"");
            HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(emulator.endpoint())
                    .header("X-Amz-Target", "DynamoDB_20120810.GetItem").POST(HttpRequest.BodyPublishers.ofString("{\"TableName\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(invalid.body()).as("validation errors come from AWS's validation layer")
                    .contains("\"__type\":\"com.amazon.coral.validate#ValidationException\"");
            HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(emulator.endpoint())
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            CRC32 crc = new CRC32();
            crc.update(ok.body());
            assertThat(ok.headers().firstValue("x-amz-crc32")).contains(Long.toString(crc.getValue()));
            assertThat(ok.headers().firstValue("content-type")).contains("application/x-amz-json-1.0");
        }
    }

    @Test
    void ttlSweepCanBeTriggeredOnDemand() throws IOException, InterruptedException {
        try (DynamoDbEmulator emulator = DynamoDbEmulator.builder().ttlSweepInterval(java.time.Duration.ofHours(1)).start()) {
            HttpClient http = HttpClient.newHttpClient();
            call(http, emulator, "CreateTable", """
                    {"TableName":"ttl","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                     "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}""");
            call(http, emulator, "UpdateTimeToLive", """
                    {"TableName":"ttl","TimeToLiveSpecification":{"AttributeName":"exp","Enabled":true}}""");
            call(http, emulator, "PutItem", """
                    {"TableName":"ttl","Item":{"id":{"S":"gone"},"exp":{"N":"%d"}}}""".formatted(java.time.Instant.now().getEpochSecond() - 10));
            assertThat(emulator.sweepExpiredItems()).isEqualTo(1);
            assertThat(call(http, emulator, "GetItem", """
                    {"TableName":"ttl","Key":{"id":{"S":"gone"}}}""")).isEqualTo("{}");
        }
    }

    private static String call(HttpClient http, DynamoDbEmulator emulator, String operation, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(emulator.endpoint())
                .header("X-Amz-Target", "DynamoDB_20120810." + operation).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
