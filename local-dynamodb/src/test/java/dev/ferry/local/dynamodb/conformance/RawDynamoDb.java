package dev.ferry.local.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends request bodies the SDK would refuse to build (a boolean for a table name, a string for a map, no JSON
 * at all) to the conformance target, signed like the SDK signs, and reads AWS's JSON answer.
 */
final class RawDynamoDb {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final AwsCredentialsIdentity credentials;
    private final String region;
    private final HttpClient http = HttpClient.newHttpClient();

    RawDynamoDb(DynamoDbTarget target) {
        this.endpoint = target.dynamodbEndpoint;
        this.region = Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1");
        this.credentials = target.embedded() ? AwsBasicCredentials.create("ferry", "ferry")
                : DefaultCredentialsProvider.builder().build().resolveCredentials();
    }

    /** The status and JSON body AWS answers {@code body} with when sent as {@code operation}. */
    Answer send(String operation, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810." + operation).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) values.forEach(v -> request.header(name, v));
        });
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer: its HTTP status and JSON body. */
    record Answer(int status, JsonNode body) {
        String type() {
            return body.path("__type").asText();
        }

        /** The message, whichever member holds it ({@code Message} for SerializationException, {@code message} otherwise). */
        String message() {
            return body.has("Message") ? body.get("Message").asText() : body.path("message").asText();
        }
    }
}
