package dev.ferry.local.lambda;

import dev.ferry.local.schedule.TargetDelivery;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The dead-letter queues of scheduled-rule targets: an SQS message whose body is the event and whose string
 * attributes say why it was not delivered, as EventBridge writes them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 */
final class RuleDeadLetters implements TargetDelivery.DeadLetterQueue {
    private final AwsClients clients;
    private final Destinations destinations;

    RuleDeadLetters(AwsClients clients, Destinations destinations) {
        this.clients = clients;
        this.destinations = destinations;
    }

    @Override
    public void send(String queueArn, String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((name, value) -> values.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        String url = destinations.queueUrl(queueArn);
        clients.sqs().sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(values));
    }
}
