package dev.ferry.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQS front on the wire, where the SDK hides the bytes. JSON protocol errors carry {@code __type}
 * {@code com.amazonaws.sqs#<shape>}, a lower-case {@code message} and the header {@code x-amzn-query-error:
 * <code>;Sender}, as in AWS's example (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html);
 * Query protocol errors are an {@code ErrorResponse} document, as AWS answered in https://github.com/aws/aws-sdk-php/issues/630.
 */
class SqsFrontWireTest {

    private static SqsService sqs;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        sqs = SqsService.start();
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    private static HttpResponse<String> json(String operation, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(sqs.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> query(String form) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(sqs.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedJsonCallCarriesTheShapeTheMessageAndTheQueryErrorHeader() throws Exception {
        String url = sqs.queueUrl("wire-json").toString();
        json("CreateQueue", "{\"QueueName\":\"wire-json\"}");

        HttpResponse<String> answer = json("SendMessageBatch", "{\"QueueUrl\":\"" + url + "\",\"Entries\":[]}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("x-amzn-query-error")).hasValue("AWS.SimpleQueueService.EmptyBatchRequest;Sender");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(answer.body()).isEqualTo("{\"__type\":\"com.amazonaws.sqs#EmptyBatchRequest\","
                + "\"message\":\"There should be at least one SendMessageBatchRequestEntry in the request.\"}");
    }

    @Test
    void elasticMqsOwnErrorsGetAwsShapeToo() throws Exception {
        HttpResponse<String> answer = json("GetQueueUrl", "{\"QueueName\":\"no-such-queue\"}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("x-amzn-query-error")).hasValue("AWS.SimpleQueueService.NonExistentQueue;Sender");
        assertThat(answer.body()).contains("\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\"").contains("\"message\":");
    }

    @Test
    void queryProtocolCallsMeetTheSameRulesWithXmlErrors() throws Exception {
        query("Action=CreateQueue&QueueName=wire-query");
        String url = encoded(sqs.queueUrl("wire-query").toString());

        HttpResponse<String> badId = query("Action=DeleteMessageBatch&QueueUrl=" + url
                + "&DeleteMessageBatchRequestEntry.1.Id=" + encoded("bad:id") + "&DeleteMessageBatchRequestEntry.1.ReceiptHandle=r");
        HttpResponse<String> badBody = query("Action=SendMessage&QueueUrl=" + url + "&MessageBody=" + encoded("bell \u0007"));
        HttpResponse<String> badName = query("Action=CreateQueue&QueueName=" + encoded("no.dots"));

        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("<ErrorResponse").contains("<Type>Sender</Type>")
                .contains("<Code>AWS.SimpleQueueService.InvalidBatchEntryId</Code>");
        assertThat(badBody.body()).contains("<Code>InvalidMessageContents</Code>");
        assertThat(badName.body()).contains("<Code>InvalidParameterValue</Code>");
    }

    @Test
    void queueUrlsNameTheFrontSoCallsMadeWithThemMeetItsRules() throws Exception {
        HttpResponse<String> created = json("CreateQueue", "{\"QueueName\":\"wire-url\"}");

        assertThat(created.body()).contains(sqs.endpoint() + "/000000000000/wire-url");
        assertThat(URI.create(sqs.queueUrl("wire-url").toString()).getPort()).isEqualTo(sqs.port())
                .isNotEqualTo(sqs.emulatorEndpoint().getPort());
    }
}
