package dev.ferry.local.sns;

/**
 * Receives SNS notifications for one Lambda function, as SNS's asynchronous {@code Invoke} call does.
 * The local Lambda runtime registers one per function ARN with {@link SnsService#registerLambda}.
 *
 * <p>The argument is the event JSON Lambda hands to a handler subscribed to SNS:
 * {@code {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn":...,"Sns":{...}}]}},
 * one record per notification. Returning means the invocation was accepted; throwing means it was not
 * (SNS then retries and finally dead-letters or drops the message). As on AWS, errors of the function
 * itself belong to the runtime's asynchronous-invocation handling, not to SNS: an implementation should
 * accept the event and run the function on its own terms.
 */
@FunctionalInterface
public interface LambdaDelivery {
    void invoke(String snsEventJson) throws Exception;
}
