package dev.ferry.local.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service around the API: its HTTP surface, lifecycle and Java-side registration. */
class SnsServiceTest {
    // Nothing listens there: these tests never deliver to SQS.
    private static final URI NO_SQS = URI.create("http://127.0.0.1:9");
    private final HttpClient http = HttpClient.newHttpClient();
    private SnsService sns = SnsService.start(NO_SQS, "eu-west-1");

    @AfterEach
    void stop() {
        sns.close();
    }

    private HttpResponse<String> post(String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(sns.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void advertisesItsEndpointForAwsClients() {
        assertThat(sns.name()).isEqualTo("sns");
        assertThat(sns.endpoints()).containsEntry("AWS_ENDPOINT_URL_SNS", sns.endpoint().toString());
        assertThat(sns.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void answersInSnsXmlShapes() throws Exception {
        HttpResponse<String> created = post("Action=CreateTopic&Version=2010-03-31&Name=shapes");

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("<CreateTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<CreateTopicResult><TopicArn>arn:aws:sns:eu-west-1:000000000000:shapes</TopicArn></CreateTopicResult>"
                + "<ResponseMetadata><RequestId>");
    }

    @Test
    void errorsCarryTypeCodeMessageAndStatus() throws Exception {
        HttpResponse<String> missing = post("Action=GetTopicAttributes&TopicArn="
                + encode("arn:aws:sns:eu-west-1:000000000000:none"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>"
                + "<RequestId>");

        HttpResponse<String> unknown = post("Action=AddPermission");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Code>InvalidAction</Code>");
    }

    @Test
    void signingCertificateUrlIsNotServed() throws Exception {
        String certUrl = new Envelopes(sns.endpoint().toString()).signingCertUrl();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(certUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void unsubscribeUrlFromTheEnvelopeWorksWithAPlainGet() throws Exception {
        String topicArn = "arn:aws:sns:eu-west-1:000000000000:unsub";
        post("Action=CreateTopic&Name=unsub");
        String subscribed = post("Action=Subscribe&TopicArn=" + encode(topicArn) + "&Protocol=lambda&Endpoint="
                + encode("arn:aws:lambda:eu-west-1:000000000000:function:f")).body();
        String subscriptionArn = subscribed.replaceAll("(?s).*<SubscriptionArn>(.*)</SubscriptionArn>.*", "$1");
        String unsubscribeUrl = new Envelopes(sns.endpoint().toString()).unsubscribeUrl(subscriptionArn);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(unsubscribeUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<UnsubscribeResponse");
        assertThat(post("Action=GetSubscriptionAttributes&SubscriptionArn=" + encode(subscriptionArn)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void lambdaRegistrationNeedsAFunctionArnAndCanBeUndone() throws Exception {
        assertThatThrownBy(() -> sns.registerLambda("not-an-arn", event -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Lambda function ARN");
        AutoCloseable registration = sns.registerLambda("arn:aws:lambda:eu-west-1:000000000000:function:f", e -> { });
        registration.close();
    }

    @Test
    void runsOnAPinnedPortAndReleasesItWhenClosed() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        sns.close();
        sns = SnsService.start(NO_SQS, "eu-west-1", port);
        assertThat(sns.endpoint().getPort()).isEqualTo(port);
        int pinned = port;
        assertThatThrownBy(() -> SnsService.start(NO_SQS, "eu-west-1", pinned))
                .hasMessageContaining("could not listen on 127.0.0.1:" + port);

        sns.close();
        sns.close();
        try (ServerSocket reuse = new ServerSocket(port, 0, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
    }
}
