package dev.ferry.junit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Empties a running cloud through the AWS APIs, as a test would clean an account by hand: topics (with their
 * subscriptions), then, once SNS has no delivery in flight, queues, streams and tables. The endpoints and the clients
 * handed out stay valid, which a fresh cloud per test would not give.
 */
final class StateReset {
    /** Deletions are instant by default; tables and streams may be given DELETING time (seconds) by configuration. */
    private static final Duration DELETION_LIMIT = Duration.ofSeconds(60);

    private StateReset() {}

    static void reset(RunningCloud cloud) {
        if (cloud.runs(FerryService.SNS)) {
            SnsClient sns = (SnsClient) cloud.client(SdkClientKind.SNS);
            sns.listTopicsPaginator().topics().forEach(t -> sns.deleteTopic(d -> d.topicArn(t.topicArn())));
            cloud.awaitSnsDeliveries(DELETION_LIMIT);
        }
        if (cloud.runs(FerryService.SQS)) {
            SqsClient sqs = (SqsClient) cloud.client(SdkClientKind.SQS);
            sqs.listQueuesPaginator().queueUrls().forEach(url -> sqs.deleteQueue(d -> d.queueUrl(url)));
        }
        if (cloud.runs(FerryService.KINESIS)) {
            KinesisClient kinesis = (KinesisClient) cloud.client(SdkClientKind.KINESIS);
            List<String> streams = kinesis.listStreams().streamNames();
            streams.forEach(s -> kinesis.deleteStream(d -> d.streamName(s).enforceConsumerDeletion(true)));
            waitUntil("Kinesis streams " + streams + " deleted", () -> kinesis.listStreams().streamNames().isEmpty());
        }
        if (cloud.runs(FerryService.DYNAMODB)) {
            DynamoDbClient dynamo = (DynamoDbClient) cloud.client(SdkClientKind.DYNAMODB);
            List<String> tables = dynamo.listTablesPaginator().tableNames().stream().toList();
            for (String table : tables) {
                try {
                    dynamo.deleteTable(d -> d.tableName(table));
                } catch (ResourceNotFoundException alreadyDeleting) {
                    // deleted by the test itself while DELETING took time
                }
            }
            waitUntil("DynamoDB tables " + tables + " deleted", () -> dynamo.listTables().tableNames().isEmpty());
        }
    }

    private static void waitUntil(String what, BooleanSupplier done) {
        Instant limit = Instant.now().plus(DELETION_LIMIT);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(limit)) {
                throw new IllegalStateException("resetting the local cloud after the test: " + what + " did not happen within "
                        + DELETION_LIMIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
