package dev.ferry.local.sqs.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

@ExtendWith(SqsTarget.Extension.class)
class BatchTest {

    private final SqsClient sqs;
    private final Queues queues;

    BatchTest(SqsTarget target) {
        this.sqs = target.client();
        this.queues = new Queues(target);
    }

    private static SendMessageBatchRequestEntry entry(String id, String body) {
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html ("send up to 10
    //   messages"); https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatchResultEntry.html
    //   (MD5OfMessageBody: "An MD5 digest of the non-URL-encoded message body string")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.py TestSqsProvider::test_publish_get_delete_message_batch
    //   (aws.validated: ten entries all Successful, all ten received)
    @Test
    void sendBatchDeliversEveryEntryAndReportsEachDigest() {
        String url = queues.standard("send-batch");

        var result = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                IntStream.rangeClosed(1, 10).mapToObj(i -> entry("e" + i, "event " + i)).toList()));

        assertThat(result.failed()).isEmpty();
        assertThat(result.successful()).extracting(SendMessageBatchResultEntry::id)
                .containsExactlyInAnyOrder("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10");
        assertThat(result.successful()).allSatisfy(e -> assertThat(e.md5OfMessageBody()).hasSize(32));
        assertThat(queues.receiveAll(url, 10, Duration.ofSeconds(5))).hasSize(10);
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatchRequestEntry.html
    //   (DelaySeconds "Valid values: 0 to 900"); API_SendMessageBatch.html ("The result of sending each message is reported
    //   individually in the response")
    // Recorded: getmoto/moto issues/5372 (AWS's SendMessageBatch answer quoted in the report: the entry with DelaySeconds
    //   1800 in Failed, SenderFault true, Code InvalidParameterValue, "Value 1800 for parameter DelaySeconds is invalid.
    //   Reason: DelaySeconds must be >= 0 and <= 900.", the other entry Successful); aws/aws-sdk-ruby pull/265 (the same for 3600)
    @Test
    void sendBatchReportsAnInvalidEntryAndDeliversTheOthers() {
        String url = queues.standard("send-batch-partial");

        var result = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                entry("good-1", "fine"),
                SendMessageBatchRequestEntry.builder().id("too-late").messageBody("delayed too long").delaySeconds(901).build(),
                entry("good-2", "also fine")));

        assertThat(result.successful()).extracting(SendMessageBatchResultEntry::id).containsExactlyInAnyOrder("good-1", "good-2");
        assertThat(result.failed()).singleElement().satisfies(failure -> {
            assertThat(failure.id()).isEqualTo("too-late");
            assertThat(failure.senderFault()).isTrue();
            assertThat(failure.code()).isNotBlank();
        });
        assertThat(queues.receiveAll(url, 2, Duration.ofSeconds(5))).extracting(Message::body)
                .containsExactlyInAnyOrder("fine", "also fine");
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html ("The result of
    //   the action on each message is reported individually in the response")
    // Recorded: getmoto/moto pull/4765 (AWS's DeleteMessageBatch answer quoted in the description: an invalid receipt handle
    //   comes back in Failed with SenderFault true, Code ReceiptHandleIsInvalid, in a 200 response)
    @Test
    void deleteBatchReportsAnInvalidReceiptHandleAndDeletesTheOthers() {
        String url = queues.standard("delete-batch");
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry("1", "one"), entry("2", "two")));
        List<Message> received = queues.receiveAll(url, 2, Duration.ofSeconds(5));

        var result = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(
                DeleteMessageBatchRequestEntry.builder().id("a").receiptHandle(received.get(0).receiptHandle()).build(),
                DeleteMessageBatchRequestEntry.builder().id("bogus").receiptHandle("not-a-receipt-handle").build(),
                DeleteMessageBatchRequestEntry.builder().id("b").receiptHandle(received.get(1).receiptHandle()).build()));

        assertThat(result.successful()).extracting(e -> e.id()).containsExactlyInAnyOrder("a", "b");
        assertThat(result.failed()).extracting(BatchResultErrorEntry::id, BatchResultErrorEntry::code, BatchResultErrorEntry::senderFault)
                .containsExactly(tuple("bogus", "ReceiptHandleIsInvalid", true));
        assertThat(queues.receive(url, 10)).isEmpty();
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html#API_SendMessageBatch_Errors
    //   (BatchEntryIdsNotDistinct: "Two or more batch entries in the request have the same Id")
    // Recorded: getmoto/moto tests/test_sqs/test_sqs.py test_send_message_batch_errors (aws_verified: "Id id_2 repeated.")
    @Test
    void batchWithRepeatedEntryIdsIsRejectedAsAWhole() {
        String url = queues.standard("batch-ids");

        assertThatThrownBy(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry("same", "a"), entry("same", "b"))))
                .isInstanceOf(BatchEntryIdsNotDistinctException.class);
        assertThat(queues.receive(url, 10)).isEmpty();
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html#API_SendMessageBatch_Errors
    //   (TooManyEntriesInBatchRequest: "the maximum number of entries you can include in a single SendMessageBatch ... is 10")
    // Recorded: getmoto/moto tests/test_sqs/test_sqs.py test_send_message_batch_errors (aws_verified: eleven entries refused)
    @Test
    void batchOfMoreThanTenEntriesIsRejected() {
        String url = queues.standard("batch-size");

        assertThatThrownBy(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                IntStream.rangeClosed(1, 11).mapToObj(i -> entry("e" + i, "x")).toList())))
                .isInstanceOf(TooManyEntriesInBatchRequestException.class);
    }

    // AWS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html ("a
    //   batch version of ChangeMessageVisibility"; "You can send up to 10 ChangeMessageVisibility requests")
    // Recorded: localstack/localstack tests/aws/services/sqs/test_sqs.py TestSqsProvider::test_terminate_visibility_timeout_after_receive
    //   (aws.validated: ChangeMessageVisibility to 0 makes the message receivable again at once)
    @Test
    void changeVisibilityBatchReleasesEveryListedMessage() {
        String url = queues.standard("visibility-batch", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry("1", "one"), entry("2", "two")));
        List<Message> received = queues.receiveAll(url, 2, Duration.ofSeconds(5));

        var result = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(received.stream()
                .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(m.messageId()).receiptHandle(m.receiptHandle()).visibilityTimeout(0).build())
                .toList()));

        assertThat(result.failed()).isEmpty();
        assertThat(queues.receiveAll(url, 2, Duration.ofSeconds(5))).hasSize(2);
    }
}
