package dev.ferry.local.lambda;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;

/**
 * Sends destination records (async invocation results, stream batch failures) to the destination a
 * function or mapping names: an SQS queue or an SNS topic, by ARN.
 */
public final class Destinations {
    private static final Pattern SQS = Pattern.compile("arn:aws[a-z-]*:sqs:[a-z0-9-]+:(\\d{12}):(.+)");
    private static final Pattern SNS = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:.+");

    private final AwsClients clients;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    public Destinations(AwsClients clients) {
        this.clients = clients;
    }

    /** Delivers {@code json} to the destination; a failure is an exception saying which destination and why. */
    public void send(String destinationArn, String json) {
        Matcher sqs = SQS.matcher(destinationArn);
        if (sqs.matches()) {
            String url = queueUrl(destinationArn, sqs.group(1), sqs.group(2));
            clients.sqs().sendMessage(b -> b.queueUrl(url).messageBody(json));
            return;
        }
        if (SNS.matcher(destinationArn).matches()) {
            clients.sns().publish(b -> b.topicArn(destinationArn).message(json));
            return;
        }
        throw new IllegalArgumentException("destination " + destinationArn
                + " is not supported locally: use an SQS queue or SNS topic ARN");
    }

    /** The queue URL for an SQS ARN, looked up once. */
    public String queueUrl(String queueArn) {
        Matcher sqs = SQS.matcher(queueArn);
        if (!sqs.matches()) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + queueArn);
        }
        return queueUrl(queueArn, sqs.group(1), sqs.group(2));
    }

    private String queueUrl(String arn, String account, String name) {
        return queueUrls.computeIfAbsent(arn, a -> clients.sqs()
                .getQueueUrl(GetQueueUrlRequest.builder().queueName(name).queueOwnerAWSAccountId(account).build())
                .queueUrl());
    }
}
