package dev.ferry.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

class ProgrammaticRegistrationTest {
    @RegisterExtension
    static final FerryLocalCloudExtension cloud = FerryLocalCloudExtension.withServices(FerryService.SNS);

    @Test
    void askingForSnsStartsTheSqsItDeliversToAndNothingElse() {
        assertThat(cloud.services()).containsExactlyInAnyOrder(FerryService.SNS, FerryService.SQS);
        assertThat(cloud.environment()).containsOnlyKeys("AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SNS",
                "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void theExtensionHandsOutTheSameClientsItInjects(SqsClient injected) {
        assertThat(cloud.client(SqsClient.class)).isSameAs(injected);
        assertThat(cloud.environment()).containsEntry("AWS_ENDPOINT_URL_SQS", cloud.endpoint(FerryService.SQS).toString());
    }

    @Test
    void snsDeliversThroughTheSqsThatCameWithIt() {
        SnsClient sns = cloud.client(SnsClient.class);
        SqsClient sqs = cloud.client(SqsClient.class);
        String topicArn = sns.createTopic(t -> t.name("payments")).topicArn();
        String queueUrl = Subscriptions.rawQueueSubscription(sns, sqs, topicArn, "payments-audit");

        sns.publish(p -> p.topicArn(topicArn).message("paid"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                        .extracting(m -> m.body()).containsExactly("paid"));
    }

    @Test
    void aClientOfAServiceNotAskedForNamesTheServicesToRegister() {
        assertThatThrownBy(() -> cloud.client(DynamoDbClient.class))
                .hasMessageContaining("DynamoDbClient")
                .hasMessageContaining("needs DYNAMODB")
                .hasMessageContaining("FerryLocalCloudExtension.withServices(DYNAMODB, SNS)");
        assertThatThrownBy(() -> cloud.endpoint(FerryService.KINESIS))
                .hasMessageContaining("FerryLocalCloudExtension.withServices(SNS, KINESIS)");
    }
}
