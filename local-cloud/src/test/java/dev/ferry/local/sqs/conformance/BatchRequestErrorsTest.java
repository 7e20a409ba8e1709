package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/**
 * The errors that refuse a whole batch, for each batch operation, with AWS's codes and messages. In the JSON protocol
 * AWS's {@code Code} is the x-amzn-query-error code that SDK v2 reports as {@code errorCode()}, and its
 * {@code QueryErrorCode} the shape that picks the exception class. Each test names its sources.
 */
@ExtendWith(SqsTarget.Extension.class)
class BatchRequestErrorsTest {

    private final SqsClient sqs;
    private final Queues queues;

    BatchRequestErrorsTest(SqsTarget target) {
        this.sqs = target.client();
        this.queues = new Queues(target);
    }

    private static SendMessageBatchRequestEntry send(String id, String body) {
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
    }

    private static DeleteMessageBatchRequestEntry delete(String id) {
        return DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle("never-received").build();
    }

    private static ChangeMessageVisibilityBatchRequestEntry release(String id) {
        return ChangeMessageVisibilityBatchRequestEntry.builder().id(id).receiptHandle("never-received").visibilityTimeout(0).build();
    }

    private static String errorCode(Throwable e) {
        return ((SqsException) e).awsErrorDetails().errorCode();
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html#API_SendMessageBatch_Errors
    //   (EmptyBatchRequest, "The batch request doesn't contain any entries"; listed for DeleteMessageBatch and
    //   ChangeMessageVisibilityBatch too)
    // Recorded: getmoto/moto tests/test_sqs/test_sqs.py test_send_message_batch_errors, test_delete_message_batch_with_zero_entries
    //   (aws_verified: "There should be at least one SendMessageBatchRequestEntry in the request.", the same with
    //   DeleteMessageBatchRequestEntry, code AWS.SimpleQueueService.EmptyBatchRequest)
    // Recorded: aws/aws-sdk-php issues/630 (AWS's DeleteMessageBatch answer quoted in the report: HTTP 400,
    //   AWS.SimpleQueueService.EmptyBatchRequest); localstack/localstack issues/1658 (the SendMessageBatch one)
    // Ferry's choice: the ChangeMessageVisibilityBatch wording follows the two recorded ones; no recording of it is known.
    @Test
    void anEmptyBatchOfAnyKindIsRefusedNamingItsEntryType() {
        String url = queues.standard("empty-batch");

        assertThatThrownBy(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(List.of())))
                .isInstanceOf(EmptyBatchRequestException.class)
                .hasMessageContaining("There should be at least one SendMessageBatchRequestEntry in the request.")
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AWS.SimpleQueueService.EmptyBatchRequest"))
                .satisfies(e -> assertThat(((SqsException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(List.of())))
                .isInstanceOf(EmptyBatchRequestException.class)
                .hasMessageContaining("There should be at least one DeleteMessageBatchRequestEntry in the request.");
        assertThatThrownBy(() -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(List.of())))
                .isInstanceOf(EmptyBatchRequestException.class)
                .hasMessageContaining("There should be at least one ChangeMessageVisibilityBatchRequestEntry in the request.");
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html#API_SendMessageBatch_Errors
    //   (TooManyEntriesInBatchRequest: "the maximum number of entries you can include in a single SendMessageBatch,
    //   DeleteMessageBatch, or ChangeMessageVisibilityBatch request is 10")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_too_many_entries_in_batch_request[sqs],
    //   test_delete_message_batch_with_too_large_batch[sqs], test_change_message_visibility_batch_with_too_large_batch[sqs]
    //   (code AWS.SimpleQueueService.TooManyEntriesInBatchRequest, HTTP 400, "... You have sent 20.")
    // Recorded: getmoto/moto tests/test_sqs/test_sqs.py test_send_message_batch_errors (aws_verified: "... You have sent 11.")
    @Test
    void moreThanTenEntriesAreRefusedWithTheCountSent() {
        String url = queues.standard("eleven");

        assertThatThrownBy(() -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                .entries(IntStream.range(0, 20).mapToObj(i -> send("e" + i, "x")).toList())))
                .isInstanceOf(TooManyEntriesInBatchRequestException.class)
                .hasMessageContaining("Maximum number of entries per request are 10. You have sent 20.")
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AWS.SimpleQueueService.TooManyEntriesInBatchRequest"));
        assertThatThrownBy(() -> sqs.deleteMessageBatch(b -> b.queueUrl(url)
                .entries(IntStream.range(0, 11).mapToObj(i -> delete("d" + i)).toList())))
                .isInstanceOf(TooManyEntriesInBatchRequestException.class)
                .hasMessageContaining("You have sent 11.");
        assertThatThrownBy(() -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url)
                .entries(IntStream.range(0, 11).mapToObj(i -> release("c" + i)).toList())))
                .isInstanceOf(TooManyEntriesInBatchRequestException.class);
        assertThat(queues.receive(url, 10)).isEmpty();
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatchRequestEntry.html
    //   (Id: "up to 80 characters. The following characters are accepted: alphanumeric characters, hyphens(-), and
    //   underscores (_)"; the same for DeleteMessageBatchRequestEntry and ChangeMessageVisibilityBatchRequestEntry)
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_invalid_batch_id[sqs],
    //   test_delete_message_batch_invalid_msg_id[sqs-], [sqs-testLongId...], [sqs-invalid:id] (code and message)
    // Recorded: getmoto/moto tests/test_sqs/test_sqs.py test_send_message_batch_errors (aws_verified: "", ".!@#$%^&*()+=" and
    //   81 letters refused with the same message)
    @Test
    void entryIdsOutsideEightyLettersDigitsHyphensAndUnderscoresAreRefused() {
        String url = queues.standard("entry-ids");
        String expected = "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.";

        for (String id : List.of("a.b", "invalid:id", "x".repeat(81))) {
            assertThatThrownBy(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(send(id, "x"))))
                    .isInstanceOf(InvalidBatchEntryIdException.class)
                    .hasMessageContaining(expected)
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AWS.SimpleQueueService.InvalidBatchEntryId"));
        }
        assertThatThrownBy(() -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(delete(""))))
                .isInstanceOf(InvalidBatchEntryIdException.class);
        assertThatThrownBy(() -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(release("no spaces"))))
                .isInstanceOf(InvalidBatchEntryIdException.class);
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(send("A-z_0-9-" + "x".repeat(72), "eighty characters is fine")));
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html#API_DeleteMessageBatch_Errors
    //   (BatchEntryIdsNotDistinct: "Two or more batch entries in the request have the same Id")
    // Recorded: getmoto/moto tests/test_sqs/test_sqs.py test_send_message_batch_errors (aws_verified: "Id id_2 repeated.")
    // Recorded: elixir-broadway/broadway_sqs issues/49 (AWS's DeleteMessageBatch answer quoted in the report: code
    //   AWS.SimpleQueueService.BatchEntryIdsNotDistinct, "Id <id> repeated.")
    @Test
    void repeatedEntryIdsAreRefusedNamingTheId() {
        String url = queues.standard("repeated-ids");

        assertThatThrownBy(() -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(delete("same"), delete("same"))))
                .isInstanceOf(BatchEntryIdsNotDistinctException.class)
                .hasMessageContaining("Id same repeated.")
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AWS.SimpleQueueService.BatchEntryIdsNotDistinct"));
        assertThatThrownBy(() -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(release("twice"), release("twice"))))
                .isInstanceOf(BatchEntryIdsNotDistinctException.class);
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html ("the maximum total
    //   payload size (the sum of the individual lengths of all of the batched messages) are both 1 MiB 1,048,576 bytes");
    //   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html ("All parts of
    //   the message attribute, including Name, Type, and Value, are part of the message size restriction")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.snapshot.json TestSqsProvider::test_send_message_batch_with_oversized_contents[sqs]
    //   (recorded 2025-08-19: AWS.SimpleQueueService.BatchRequestTooLong, "Batch requests cannot be longer than 1048576
    //   bytes. You have sent 1048577 bytes.")
    @Test
    void aBatchAboveOneMebibyteInAllIsRefusedCountingBodiesAndAttributes() {
        String url = queues.standard("batch-size");
        // As in the recording: one message of the maximum size with attribute k: String x, plus a one-byte message.
        int attributeBytes = "k".length() + "String".length() + "x".length();
        SendMessageBatchRequestEntry largest = SendMessageBatchRequestEntry.builder().id("1")
                .messageBody("a".repeat(1_048_576 - attributeBytes))
                .messageAttributes(java.util.Map.of("k", MessageAttributeValue.builder().dataType("String").stringValue("x").build()))
                .build();

        assertThatThrownBy(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(largest, send("2", "a"))))
                .isInstanceOf(BatchRequestTooLongException.class)
                .hasMessageContaining("Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.")
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AWS.SimpleQueueService.BatchRequestTooLong"));
        assertThat(queues.receive(url, 10)).isEmpty();
    }
}
