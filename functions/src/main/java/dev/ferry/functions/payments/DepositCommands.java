package dev.ferry.functions.payments;

import dev.ferry.correlation.CorrelationAttributes;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.events.DepositRequested;
import dev.ferry.functions.events.Events;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Puts deposit commands on {@code account-commands.fifo}: message group = account id (one account's deposits
 * apply in order, other accounts go on), deduplication id = the deposit id.
 */
public final class DepositCommands {

    private final SqsClient sqs;
    private final String queueUrl;

    public DepositCommands(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * The deposit id of a request: a name-based UUID of the account id, the caller and its Idempotency-Key. A repeated
     * request names the same deposit, so SQS drops a resend within its five-minute deduplication window and
     * the worker's idempotency key drops it after that. (The key itself may hold characters and lengths a
     * deduplication id may not, so it is not used verbatim.)
     */
    public static String depositId(String accountId, String scopedKey) {
        return UUID.nameUUIDFromBytes((accountId + "\n" + scopedKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public void send(Envelope<DepositRequested> command) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>(
                CorrelationAttributes.sqs(new CorrelationContext(command.correlationId(), command.causationId())));
        attributes.put("type", text(command.type()));
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(Events.codec().encode(command))
                .messageGroupId(command.data().accountId())
                .messageDeduplicationId(command.data().depositId())
                .messageAttributes(attributes));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
