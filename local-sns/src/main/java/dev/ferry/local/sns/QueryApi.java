package dev.ferry.local.sns;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Maps Query-protocol actions onto {@link SnsBackend} and renders SNS's XML answers. */
final class QueryApi {
    private final SnsBackend backend;

    QueryApi(SnsBackend backend) {
        this.backend = backend;
    }

    /** The XML body of a successful answer; errors are thrown as {@link SnsException}. */
    String handle(QueryRequest request) {
        String action = request.optional("Action").orElseThrow(() -> new SnsException("MissingAction", 400, true,
                "The request must contain the parameter Action."));
        return switch (action) {
            case "CreateTopic" -> createTopic(request);
            case "DeleteTopic" -> {
                backend.deleteTopic(request.required("TopicArn"));
                yield empty(action);
            }
            case "ListTopics" -> listTopics(request);
            case "GetTopicAttributes" -> attributes(action,
                    backend.topicAttributes(request.required("TopicArn")));
            case "SetTopicAttributes" -> {
                backend.setTopicAttribute(request.required("TopicArn"), request.required("AttributeName"),
                        request.optional("AttributeValue").orElse(""));
                yield empty(action);
            }
            case "Subscribe" -> subscribe(request);
            case "Unsubscribe" -> {
                backend.unsubscribe(request.required("SubscriptionArn"));
                yield empty(action);
            }
            case "ConfirmSubscription" -> result(action, new Xml().element("SubscriptionArn",
                    backend.confirmSubscription(request.required("TopicArn"), request.required("Token"))));
            case "ListSubscriptions" -> subscriptions(action,
                    backend.listSubscriptions(request.optional("NextToken")));
            case "ListSubscriptionsByTopic" -> subscriptions(action,
                    backend.listSubscriptionsByTopic(request.required("TopicArn"), request.optional("NextToken")));
            case "GetSubscriptionAttributes" -> attributes(action,
                    backend.subscriptionAttributes(request.required("SubscriptionArn")));
            case "SetSubscriptionAttributes" -> {
                backend.setSubscriptionAttribute(request.required("SubscriptionArn"),
                        request.required("AttributeName"), request.optional("AttributeValue").orElse(""));
                yield empty(action);
            }
            case "Publish" -> publish(request);
            case "PublishBatch" -> publishBatch(request);
            case "TagResource" -> {
                backend.tagResource(request.required("ResourceArn"), request.tags("Tags"));
                yield emptyResult(action);
            }
            case "UntagResource" -> {
                backend.untagResource(request.required("ResourceArn"), request.members("TagKeys"));
                yield emptyResult(action);
            }
            case "ListTagsForResource" -> listTags(request);
            default -> throw new SnsException("InvalidAction", 400, true, "The action " + action
                    + " is not valid for this web service (Ferry's local SNS does not implement it).");
        };
    }

    private String createTopic(QueryRequest request) {
        String arn = backend.createTopic(request.required("Name"), request.entries("Attributes"),
                request.tags("Tags"));
        return result("CreateTopic", new Xml().element("TopicArn", arn));
    }

    private String listTopics(QueryRequest request) {
        Page<String> page = backend.listTopics(request.optional("NextToken"));
        Xml body = new Xml().open("Topics");
        page.items().forEach(arn -> body.open("member").element("TopicArn", arn).close("member"));
        body.close("Topics");
        page.nextToken().ifPresent(t -> body.element("NextToken", t));
        return result("ListTopics", body);
    }

    private String subscribe(QueryRequest request) {
        SnsBackend.SubscribeOutcome outcome = backend.subscribe(request.required("TopicArn"),
                request.required("Protocol"), request.optional("Endpoint").orElse(""), request.entries("Attributes"));
        String shown = outcome.confirmed() || request.flag("ReturnSubscriptionArn")
                ? outcome.arn()
                : "pending confirmation";
        return result("Subscribe", new Xml().element("SubscriptionArn", shown));
    }

    private String subscriptions(String action, Page<SubscriptionSummary> page) {
        Xml body = new Xml().open("Subscriptions");
        for (SubscriptionSummary s : page.items()) {
            body.open("member")
                    .element("TopicArn", s.topicArn())
                    .element("Protocol", s.protocol())
                    .element("SubscriptionArn", s.subscriptionArn())
                    .element("Owner", s.owner())
                    .element("Endpoint", s.endpoint())
                    .close("member");
        }
        body.close("Subscriptions");
        page.nextToken().ifPresent(t -> body.element("NextToken", t));
        return result(action, body);
    }

    private String publish(QueryRequest request) {
        String topicArn = topicOrTarget(request);
        PublishResult published = backend.publish(topicArn, publishRequest(request));
        Xml body = new Xml().element("MessageId", published.messageId());
        published.sequenceNumber().ifPresent(s -> body.element("SequenceNumber", s));
        return result("Publish", body);
    }

    private static String topicOrTarget(QueryRequest request) {
        Optional<String> topic = request.optional("TopicArn");
        Optional<String> target = request.optional("TargetArn");
        if (request.optional("PhoneNumber").isPresent()) {
            throw SnsException.invalidParameter("PhoneNumber Reason: Ferry's local SNS does not send SMS");
        }
        if (topic.isPresent() && target.isPresent()) {
            throw SnsException.invalidParameter("TopicArn or TargetArn Reason: Only one of TopicArn or TargetArn"
                    + " may be specified");
        }
        return topic.or(() -> target).orElseThrow(() -> SnsException.invalidParameter(
                "TopicArn or TargetArn Reason: no value for required parameter"));
    }

    private static PublishRequest publishRequest(QueryRequest r) {
        return new PublishRequest(
                r.optional("Message").orElse(""),
                r.optional("Subject"),
                r.optional("MessageStructure"),
                r.messageAttributes("MessageAttributes"),
                r.optional("MessageGroupId"),
                r.optional("MessageDeduplicationId"));
    }

    private String publishBatch(QueryRequest request) {
        List<BatchEntry> entries = request.groups("PublishBatchRequestEntries.member.").stream()
                .map(e -> new BatchEntry(e.optional("Id").orElse(""), publishRequest(e)))
                .toList();
        BatchResult outcome = backend.publishBatch(request.required("TopicArn"), entries);
        Xml body = new Xml().open("Successful");
        for (BatchResult.Success s : outcome.successful()) {
            body.open("member").element("Id", s.id()).element("MessageId", s.result().messageId());
            s.result().sequenceNumber().ifPresent(n -> body.element("SequenceNumber", n));
            body.close("member");
        }
        body.close("Successful").open("Failed");
        for (BatchResult.Failure f : outcome.failed()) {
            body.open("member")
                    .element("Id", f.id())
                    .element("Code", f.code())
                    .element("Message", f.message())
                    .element("SenderFault", String.valueOf(f.senderFault()))
                    .close("member");
        }
        body.close("Failed");
        return result("PublishBatch", body);
    }

    private String listTags(QueryRequest request) {
        Map<String, String> tags = backend.tags(request.required("ResourceArn"));
        Xml body = new Xml().open("Tags");
        tags.forEach((k, v) -> body.open("member").element("Key", k).element("Value", v).close("member"));
        body.close("Tags");
        return result("ListTagsForResource", body);
    }

    private static String attributes(String action, Map<String, String> attributes) {
        Xml body = new Xml().open("Attributes");
        attributes.forEach((k, v) -> body.open("entry").element("key", k).element("value", v).close("entry"));
        body.close("Attributes");
        return result(action, body);
    }

    private static String result(String action, Xml result) {
        return new Xml().openRoot(action + "Response")
                .open(action + "Result").raw(result).close(action + "Result")
                .open("ResponseMetadata").element("RequestId", UUID.randomUUID().toString()).close("ResponseMetadata")
                .close(action + "Response").toString();
    }

    private static String emptyResult(String action) {
        return result(action, new Xml());
    }

    private static String empty(String action) {
        return new Xml().openRoot(action + "Response")
                .open("ResponseMetadata").element("RequestId", UUID.randomUUID().toString()).close("ResponseMetadata")
                .close(action + "Response").toString();
    }

    static String error(SnsException e) {
        return new Xml().openRoot("ErrorResponse")
                .open("Error")
                .element("Type", e.senderFault() ? "Sender" : "Receiver")
                .element("Code", e.code())
                .element("Message", e.getMessage())
                .close("Error")
                .element("RequestId", UUID.randomUUID().toString())
                .close("ErrorResponse").toString();
    }
}
