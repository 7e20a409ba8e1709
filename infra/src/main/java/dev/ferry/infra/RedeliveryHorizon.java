package dev.ferry.infra;

import software.amazon.awscdk.Duration;

/**
 * How long a consumer's idempotency records must live: the longest path by which the same input can reach
 * the consumer again after it first handled it, plus a day of margin. The sources' settings are the ones
 * this app creates (messaging's queues and stream), so a change there moves the horizon with it; the
 * {@code RedeliveryHorizonTest} checks every consumer's lifetime against the synthesized templates.
 *
 * <ul>
 *   <li>SQS: a message can be received until its queue's retention ends; the dead-letter queue then keeps it
 *       for its own retention (a FIFO queue resets the enqueue time on the move, and the toolkit's own dead
 *       letters are new messages); a redrive makes it a new message with a new retention period
 *       (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html),
 *       so one redrive adds the source retention again.</li>
 *   <li>SNS in front of a queue delivers at least once and retries delivery to SQS for up to 23 days
 *       (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html): a second copy of a
 *       message can arrive that long after the first.</li>
 *   <li>Kinesis: a record can be read (and replayed by the replay tool) while the stream retains it.</li>
 * </ul>
 * Further redrives, months later, are beyond any fixed horizon: the domain guards itself there (a payment
 * per order, a ledger entry per deposit, an email per event and template, an order's state machine).
 */
public final class RedeliveryHorizon {

    /** SNS's delivery policy for AWS managed endpoints (SQS, Lambda): 100,015 attempts over 23 days. */
    public static final Duration SNS_DELIVERY_RETRIES = Duration.days(23);
    public static final Duration MARGIN = Duration.days(1);
    /**
     * Idempotency-Key records of the API: the window in which a client may retry and get the first answer
     * replayed (the IETF draft leaves it to the server to publish). A later retry still finds the order or
     * account its key names, since their ids derive from caller and key.
     */
    public static final Duration API_KEYS = Duration.days(1);

    private RedeliveryHorizon() {
    }

    /** A consumer of an SQS queue with a dead-letter queue, optionally fed by an SNS subscription. */
    public static Duration queueConsumer(Duration queueRetention, Duration deadLetterRetention, boolean fedBySns) {
        long seconds = 2 * queueRetention.toSeconds().longValue() + deadLetterRetention.toSeconds().longValue()
                + (fedBySns ? SNS_DELIVERY_RETRIES.toSeconds().longValue() : 0) + MARGIN.toSeconds().longValue();
        return Duration.seconds(seconds);
    }

    /** A consumer of a Kinesis stream that keeps records for {@code retention}. */
    public static Duration streamConsumer(Duration retention) {
        return Duration.seconds(retention.toSeconds().longValue() + MARGIN.toSeconds().longValue());
    }
}
