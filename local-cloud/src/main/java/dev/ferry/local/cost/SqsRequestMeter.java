package dev.ferry.local.cost;

import dev.ferry.local.front.AnswerObserver;
import dev.ferry.local.front.CallMeter;
import dev.ferry.local.front.Verdict;
import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.HttpHead;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the SQS requests the front passes on and the service answers with success, as SQS bills them: each 64 KB of a
 * request's payload is one request (https://aws.amazon.com/sqs/pricing/), standard and FIFO queues at their own
 * price, and a ReceiveMessage that brings no message apart, as idle polling. The payload is taken as the request's
 * body for sends and the answer's body for receives: the JSON around the messages makes it a few hundred bytes more
 * than SQS counts, which moves a count only for messages within that distance of a 64 KB boundary.
 *
 * <p>Counted are the calls that move messages (send, receive, delete, change visibility); queue management (create,
 * attributes, URL lookups) is made by provisioning and tools, not per order. Calls signed with an excluded access key
 * are not counted: SNS's own deliveries into SQS, which SNS bills (free) as deliveries.
 */
public final class SqsRequestMeter implements CallMeter {
    private static final Set<String> MESSAGE_OPERATIONS = Set.of("SendMessage", "SendMessageBatch", "ReceiveMessage",
            "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch");
    private static final byte[] MESSAGE_ID = "MessageId".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUEUE_URL = "\"QueueUrl\"".getBytes(StandardCharsets.US_ASCII);

    private final RequestLedger ledger;
    private final Set<String> excludedAccessKeys;

    public SqsRequestMeter(RequestLedger ledger, Set<String> excludedAccessKeys) {
        this.ledger = ledger;
        this.excludedAccessKeys = Set.copyOf(excludedAccessKeys);
    }

    @Override
    public Verdict metered(HttpHead head, AwsCall call, Verdict verdict) {
        if (!(verdict instanceof Verdict.Forward forward) || !MESSAGE_OPERATIONS.contains(call.operation())
                || accessKey(head).map(excludedAccessKeys::contains).orElse(false)) {
            return verdict;
        }
        String queue = queueName(call);
        Meter meter = queue.endsWith(".fifo") ? Meter.SQS_FIFO_REQUESTS : Meter.SQS_STANDARD_REQUESTS;
        String detail = queue + " " + call.operation();
        AnswerObserver counted = call.operation().equals("ReceiveMessage")
                ? new CountingReceive(forward.observer(), meter, detail)
                : new CountingSuccess(forward.observer(), meter, detail,
                        call.operation().startsWith("SendMessage") ? call.content().length : 0);
        return new Verdict.Forward(counted, forward.body());
    }

    /** The access key of a SigV4 {@code Authorization} header: {@code Credential=<key>/<date>/...}. */
    static Optional<String> accessKey(HttpHead head) {
        return head.header("Authorization").flatMap(auth -> {
            int start = auth.indexOf("Credential=");
            if (start < 0) return Optional.empty();
            start += "Credential=".length();
            int end = auth.indexOf('/', start);
            return end < 0 ? Optional.empty() : Optional.of(auth.substring(start, end));
        });
    }

    /**
     * The queue's name, from the request's QueueUrl; empty when it names none. A JSON body is searched as bytes, so
     * that a large message is not decoded to find the URL beside it.
     */
    static String queueName(AwsCall call) {
        String url;
        if (call.protocol() == AwsCall.Protocol.QUERY) {
            url = AwsCall.formValue(new String(call.content(), StandardCharsets.UTF_8), "QueueUrl").orElse("");
        } else {
            url = jsonString(call.content(), QUEUE_URL);
        }
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The string value after {@code key} (a quoted member name) in a JSON body. */
    private static String jsonString(byte[] json, byte[] key) {
        int at = indexOf(json, key, 0);
        if (at < 0) return "";
        int open = at + key.length;
        while (open < json.length && json[open] != '"') open++;
        int close = open + 1;
        while (close < json.length && json[close] != '"') close++;
        if (close >= json.length) return "";
        return new String(json, open + 1, close - open - 1, StandardCharsets.UTF_8).replace("\\/", "/");
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= body.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static boolean contains(byte[] body, byte[] needle) {
        return indexOf(body, needle, 0) >= 0;
    }

    /** Counts a successful call by its request's payload. */
    private final class CountingSuccess extends Delegating {
        private final Meter meter;
        private final String detail;
        private final int payloadBytes;

        CountingSuccess(AnswerObserver delegate, Meter meter, String detail, int payloadBytes) {
            super(delegate);
            this.meter = meter;
            this.detail = detail;
            this.payloadBytes = payloadBytes;
        }

        @Override
        public void succeeded() {
            ledger.add(meter, detail, BillingUnits.messageRequests(payloadBytes));
            super.succeeded();
        }
    }

    /** Reads a ReceiveMessage answer whole to count it by the messages it brings, or as an empty receive. */
    private final class CountingReceive extends Delegating {
        private final Meter meter;
        private final String detail;

        CountingReceive(AnswerObserver delegate, Meter meter, String detail) {
            super(delegate);
            this.meter = meter;
            this.detail = detail;
        }

        @Override
        public boolean rewritesSuccesses() {
            return true;
        }

        @Override
        public byte[] rewriteSuccess(byte[] body) {
            if (contains(body, MESSAGE_ID)) {
                ledger.add(meter, detail, BillingUnits.messageRequests(body.length));
            } else {
                ledger.add(Meter.SQS_EMPTY_RECEIVES, detail, 1);
            }
            return delegate.rewritesSuccesses() ? delegate.rewriteSuccess(body) : body;
        }
    }

    /** Passes everything on to the observer the rules chose. */
    private abstract static class Delegating implements AnswerObserver {
        final AnswerObserver delegate;

        Delegating(AnswerObserver delegate) {
            this.delegate = delegate;
        }

        @Override
        public void succeeded() {
            delegate.succeeded();
        }

        @Override
        public boolean rewritesSuccesses() {
            return delegate.rewritesSuccesses();
        }

        @Override
        public byte[] rewriteSuccess(byte[] body) {
            return delegate.rewriteSuccess(body);
        }

        @Override
        public boolean rewritesErrors() {
            return delegate.rewritesErrors();
        }

        @Override
        public Optional<dev.ferry.local.front.Answer> failed(int status, HttpHead head, byte[] body) {
            return delegate.failed(status, head, body);
        }
    }
}
