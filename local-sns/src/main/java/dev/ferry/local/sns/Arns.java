package dev.ferry.local.sns;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the ARNs SNS deals with. */
final class Arns {
    private static final Pattern SQS = Pattern.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,75}(\\.fifo)?)");
    private static final Pattern LAMBDA = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9_$-]+)?");
    private static final Pattern TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    private Arns() {}

    /** An SQS queue ARN's region, account and name. */
    record Queue(String region, String account, String name) {
        boolean fifo() {
            return name.endsWith(".fifo");
        }
    }

    static Optional<Queue> sqsQueue(String arn) {
        Matcher m = SQS.matcher(arn);
        return m.matches() ? Optional.of(new Queue(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    static boolean isLambdaFunction(String arn) {
        return LAMBDA.matcher(arn).matches();
    }

    static boolean isTopic(String arn) {
        return TOPIC.matcher(arn).matches();
    }

    /** The topic ARN a subscription ARN belongs to: everything before the last colon. */
    static Optional<String> topicOfSubscription(String subscriptionArn) {
        int colon = subscriptionArn.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String topic = subscriptionArn.substring(0, colon);
        return isTopic(topic) ? Optional.of(topic) : Optional.empty();
    }
}
