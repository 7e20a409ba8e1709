package dev.ferry.local.sns.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(ConformanceEnvironment.Resolver.class)
class PublishBatchConformanceTest {
    private final ConformanceEnvironment env;
    private final SnsClient sns;

    PublishBatchConformanceTest(ConformanceEnvironment env) {
        this.env = env;
        this.sns = env.sns;
    }

    private static PublishBatchRequestEntry entry(String id, String message) {
        return PublishBatchRequestEntry.builder().id(id).message(message).build();
    }

    @Test
    void batchPublishesEveryEntryAndReportsPartialFailures() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("batch"))).topicArn();
        ConformanceEnvironment.Queue queue = env.createQueue(ConformanceEnvironment.unique("q"));
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));

        PublishBatchResponse response = sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(
                entry("ok-1", "first"),
                entry("empty", ""),
                PublishBatchRequestEntry.builder().id("with-attrs").message("second").messageAttributes(Map.of(
                        "type", MessageAttributeValue.builder().dataType("String").stringValue("X").build())).build(),
                PublishBatchRequestEntry.builder().id("bad-attr").message("third").messageAttributes(Map.of(
                        "n", MessageAttributeValue.builder().dataType("Number").stringValue("NaN?").build())).build()));

        assertThat(response.successful()).extracting(s -> s.id()).containsExactly("ok-1", "with-attrs");
        assertThat(response.successful()).allSatisfy(s -> assertThat(s.messageId()).isNotBlank());
        assertThat(response.failed()).extracting(BatchResultErrorEntry::id).containsExactly("empty", "bad-attr");
        BatchResultErrorEntry empty = response.failed().get(0);
        assertThat(empty.code()).isEqualTo("InvalidParameter");
        assertThat(empty.senderFault()).isTrue();
        assertThat(empty.message()).contains("Empty message");
        assertThat(env.drain(queue)).extracting(Message::body).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void fifoBatchGivesSequenceNumbersAndChecksGroupIds() {
        String name = ConformanceEnvironment.unique("batch") + ".fifo";
        String topicArn = sns.createTopic(r -> r.name(name)
                .attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true"))).topicArn();

        PublishBatchResponse response = sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("a").message("a").messageGroupId("g").build(),
                PublishBatchRequestEntry.builder().id("b").message("b").build()));

        assertThat(response.successful()).singleElement()
                .satisfies(s -> assertThat(s.sequenceNumber()).isNotBlank());
        assertThat(response.failed()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("MessageGroupId"));
    }

    @Test
    void wholeBatchErrors() {
        String topicArn = sns.createTopic(r -> r.name(ConformanceEnvironment.unique("batch"))).topicArn();
        List<PublishBatchRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry("e" + i, "m"));
        }

        assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(List.of())))
                .isInstanceOf(EmptyBatchRequestException.class);
        assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(eleven)))
                .isInstanceOf(TooManyEntriesInBatchRequestException.class);
        assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn)
                .publishBatchRequestEntries(entry("same", "a"), entry("same", "b"))))
                .isInstanceOf(BatchEntryIdsNotDistinctException.class);
        assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn)
                .publishBatchRequestEntries(entry("not valid!", "a"))))
                .isInstanceOf(InvalidBatchEntryIdException.class);
        assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(
                entry("big1", "x".repeat(150_000)), entry("big2", "x".repeat(150_000)))))
                .isInstanceOf(BatchRequestTooLongException.class);
        assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(topicArn + "-missing")
                .publishBatchRequestEntries(entry("a", "a"))))
                .isInstanceOf(NotFoundException.class);
    }
}
