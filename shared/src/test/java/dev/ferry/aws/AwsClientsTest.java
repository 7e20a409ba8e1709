package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsClientsTest {

    @Test
    void serviceEndpointOverridesTheGeneralOne() {
        ClientSettings settings = ClientSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"));
        assertThat(settings.region()).isEqualTo("eu-west-1");
        assertThat(settings.endpoint(ClientSettings.Service.DYNAMODB)).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(settings.endpoint(ClientSettings.Service.SQS)).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void noOverrideMeansTheAwsEndpoint() {
        ClientSettings settings = ClientSettings.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "us-east-1"));
        assertThat(settings.endpoint(ClientSettings.Service.KINESIS)).isEmpty();
        assertThat(settings.keys()).isEmpty();
    }

    @Test
    void lambdaRoleCredentialsInTheEnvironmentAreUsedAsStaticKeys() {
        ClientSettings settings = ClientSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token"));
        assertThat(settings.keys()).contains(new ClientSettings.StaticKeys("AKIA", "secret", Optional.of("token")));
    }

    @Test
    void badSettingsSayWhatToFix() {
        assertThatThrownBy(() -> ClientSettings.fromEnvironment(Map.of())).hasMessageContaining("set AWS_REGION");
        assertThatThrownBy(() -> ClientSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIA")))
                .hasMessageContaining("must be set together");
        assertThatThrownBy(() -> ClientSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SQS", "localhost")))
                .hasMessageContaining("AWS_ENDPOINT_URL_SQS");
    }

    @Test
    void sharedClientsAreCreatedOncePerEnvironmentAndEachClientOnce() {
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1");
        AwsClients first = AwsClients.shared(env);
        try {
            assertThat(AwsClients.shared(Map.copyOf(env))).isSameAs(first);
            assertThat(first.sqs()).isSameAs(first.sqs());
            assertThat(first.dynamoDb()).isSameAs(first.dynamoDb());
        } finally {
            first.close();
        }
        assertThat(AwsClients.shared(env)).isNotSameAs(first);
    }

    @Test
    void offlineClientsSignWithDummyKeysAndHandEveryRequestToTheirHttpClient() {
        java.util.List<software.amazon.awssdk.http.SdkHttpRequest> seen = new java.util.ArrayList<>();
        software.amazon.awssdk.http.SdkHttpClient canned = new software.amazon.awssdk.http.SdkHttpClient() {
            @Override
            public software.amazon.awssdk.http.ExecutableHttpRequest prepareRequest(software.amazon.awssdk.http.HttpExecuteRequest request) {
                seen.add(request.httpRequest());
                return new software.amazon.awssdk.http.ExecutableHttpRequest() {
                    @Override
                    public software.amazon.awssdk.http.HttpExecuteResponse call() {
                        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        return software.amazon.awssdk.http.HttpExecuteResponse.builder()
                                .response(software.amazon.awssdk.http.SdkHttpResponse.builder().statusCode(200)
                                        .putHeader("Content-Type", "application/x-amz-json-1.0").build())
                                .responseBody(software.amazon.awssdk.http.AbortableInputStream.create(new java.io.ByteArrayInputStream(body)))
                                .build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIAREAL", "AWS_SECRET_ACCESS_KEY", "real");
        try (AwsClients offline = AwsClients.offline(env, canned)) {
            assertThat(offline.dynamoDb().getItem(b -> b.tableName("t").key(Map.of())).hasItem()).isFalse();
            // SQS's answer carries no MD5 digests: the check is off, or this would throw.
            assertThat(offline.sqs().sendMessage(b -> b.queueUrl("https://sqs.eu-west-1.amazonaws.com/1/q").messageBody("m")).messageId()).isNull();
        }
        assertThat(seen).extracting(r -> r.getUri().toString())
                .containsExactly("https://dynamodb.eu-west-1.amazonaws.com/", "https://sqs.eu-west-1.amazonaws.com/");
        assertThat(seen).allSatisfy(r -> assertThat(r.firstMatchingHeader("Authorization")).hasValueSatisfying(
                a -> assertThat(a).contains("Credential=AKIDOFFLINE/").doesNotContain("AKIAREAL")));
    }
}
