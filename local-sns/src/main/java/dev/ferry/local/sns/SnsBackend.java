package dev.ferry.local.sns;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.cost.BillingUnits;
import dev.ferry.local.cost.Meter;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.sns.filter.FilterPolicy;
import dev.ferry.local.sns.filter.FilterPolicyScope;
import dev.ferry.local.sns.filter.FilterableAttribute;
import dev.ferry.local.sns.filter.InvalidFilterPolicyException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The SNS control and data plane: topics, subscriptions and publishing, independent of the wire
 * protocol. One lock guards the state; publishing to a FIFO topic assigns its sequence number and hands
 * the message to the delivery lanes under that lock, so subscribers see the topic's order.
 */
final class SnsBackend {
    static final int PAGE_SIZE = 100;
    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_FILTER_POLICIES_PER_TOPIC = 200;
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern FIFO_TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,251}\\.fifo");
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SETTABLE_TOPIC_ATTRIBUTES = Set.of(
            "DeliveryPolicy", "DisplayName", "Policy", "TracingConfig", "KmsMasterKeyId", "SignatureVersion",
            "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy",
            "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate",
            "ApplicationFailureFeedbackRoleArn", "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate",
            "HTTPFailureFeedbackRoleArn", "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate",
            "LambdaFailureFeedbackRoleArn", "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate",
            "SQSFailureFeedbackRoleArn", "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate",
            "FirehoseFailureFeedbackRoleArn");
    private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of(
            "DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy",
            "SubscriptionRoleArn", "ReplayPolicy");
    private static final Set<String> RAW_DELIVERY_PROTOCOLS = Set.of("sqs", "http", "https", "firehose");
    private static final Set<String> PENDING_PROTOCOLS = Set.of("http", "https", "email", "email-json");
    private static final Set<String> KNOWN_PROTOCOLS = Set.of(
            "http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose");

    private final String region;
    private final String account;
    private final DeliveryEngine delivery;
    private volatile RequestLedger ledger = RequestLedger.discarding();
    private final DeliveryStats stats;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    SnsBackend(String region, String account, DeliveryEngine delivery, DeliveryStats stats, Clock clock) {
        this.region = region;
        this.account = account;
        this.delivery = delivery;
        this.stats = stats;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- topics

    synchronized String createTopic(String name, Map<String, String> attributes, Map<String, String> tags) {
        boolean fifo = Boolean.parseBoolean(attributes.getOrDefault("FifoTopic", "false"));
        if (attributes.containsKey("FifoTopic") && !isBoolean(attributes.get("FifoTopic"))) {
            throw SnsException.invalidParameter("Attributes Reason: FifoTopic must be true or false");
        }
        // AWS answers one bare message for every bad name, a FIFO name without its suffix included (recorded in
        // LocalStack's AWS snapshot TestSNSTopicCrudV2::test_create_topic_name_constraints).
        if (!(fifo ? FIFO_TOPIC_NAME : TOPIC_NAME).matcher(name).matches()) {
            throw SnsException.invalidParameter("Topic Name");
        }
        String arn = "arn:aws:sns:" + region + ":" + account + ":" + name;
        Topic existing = topics.get(arn);
        if (existing != null) {
            for (Map.Entry<String, String> requested : attributes.entrySet()) {
                String current = currentTopicAttribute(existing, requested.getKey());
                boolean same = isBoolean(requested.getValue()) && current != null
                        ? requested.getValue().equalsIgnoreCase(current)
                        : requested.getValue().equals(current);
                if (!same) {
                    throw SnsException.invalidParameter("Attributes Reason: Topic already exists with different attributes");
                }
            }
            if (!tags.isEmpty() && !tags.equals(existing.tags)) {
                throw SnsException.invalidParameter("Tags Reason: Topic already exists with different tags");
            }
            return arn;
        }
        Topic topic = new Topic(arn, name, fifo);
        if (fifo) {
            topic.attributes.put("FifoTopic", "true");
            topic.attributes.put("ContentBasedDeduplication", "false");
        }
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (!attribute.getKey().equals("FifoTopic")) {
                applyTopicAttribute(topic, attribute.getKey(), attribute.getValue());
            }
        }
        validateTags(tags);
        topic.tags.putAll(tags);
        topics.put(arn, topic);
        return arn;
    }

    private static String currentTopicAttribute(Topic topic, String name) {
        if (name.equals("FifoTopic")) {
            return String.valueOf(topic.fifo);
        }
        if (name.equals("DisplayName")) {
            return topic.attributes.getOrDefault(name, "");
        }
        return topic.attributes.get(name);
    }

    /** Deleting a topic that does not exist succeeds, as on SNS. Its subscriptions go with it. */
    synchronized void deleteTopic(String arn) {
        requireTopicArn(arn);
        if (topics.remove(arn) != null) {
            subscriptions.values().removeIf(s -> s.topicArn.equals(arn));
        }
    }

    synchronized Page<String> listTopics(Optional<String> nextToken) {
        return page(new ArrayList<>(topics.keySet()), nextToken);
    }

    synchronized Map<String, String> topicAttributes(String arn) {
        Topic topic = topic(arn);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Policy", topic.attributes.getOrDefault("Policy", defaultPolicy(arn)));
        out.put("Owner", account);
        long confirmed = subscriptions.values().stream().filter(s -> s.topicArn.equals(arn) && s.confirmed).count();
        long pending = subscriptions.values().stream().filter(s -> s.topicArn.equals(arn) && !s.confirmed).count();
        out.put("SubscriptionsPending", String.valueOf(pending));
        out.put("TopicArn", arn);
        out.put("EffectiveDeliveryPolicy", topic.attributes.getOrDefault("DeliveryPolicy", DEFAULT_DELIVERY_POLICY));
        out.put("SubscriptionsConfirmed", String.valueOf(confirmed));
        out.put("DisplayName", topic.attributes.getOrDefault("DisplayName", ""));
        out.put("SubscriptionsDeleted", String.valueOf(topic.subscriptionsDeleted));
        topic.attributes.forEach((k, v) -> {
            if (!k.equals("Policy") && !k.equals("DisplayName")) {
                out.put(k, v);
            }
        });
        return out;
    }

    synchronized void setTopicAttribute(String arn, String name, String value) {
        Topic topic = topic(arn);
        applyTopicAttribute(topic, name, value);
    }

    private void applyTopicAttribute(Topic topic, String name, String value) {
        if (!SETTABLE_TOPIC_ATTRIBUTES.contains(name)) {
            throw SnsException.invalidParameter("AttributeName Reason: " + name + " is not an attribute a topic"
                    + " can set" + (name.equals("FifoTopic") ? " after creation" : ""));
        }
        switch (name) {
            case "ContentBasedDeduplication" -> {
                if (!topic.fifo) {
                    throw SnsException.invalidParameter("ContentBasedDeduplication Reason: Content based"
                            + " deduplication can only be set for FIFO topics");
                }
                requireBoolean(name, value);
                value = value.toLowerCase(Locale.ROOT);
            }
            case "FifoThroughputScope" -> {
                if (!topic.fifo) {
                    throw SnsException.invalidParameter("FifoThroughputScope Reason: only FIFO topics have a throughput scope");
                }
                if (!value.equals("Topic") && !value.equals("MessageGroup")) {
                    throw SnsException.invalidParameter("FifoThroughputScope Reason: must be Topic or MessageGroup");
                }
            }
            case "SignatureVersion" -> {
                if (!value.equals("1") && !value.equals("2")) {
                    throw SnsException.invalidParameter("SignatureVersion Reason: must be 1 or 2");
                }
            }
            case "TracingConfig" -> {
                if (!value.equals("PassThrough") && !value.equals("Active")) {
                    throw SnsException.invalidParameter("TracingConfig Reason: must be PassThrough or Active");
                }
            }
            case "Policy", "DeliveryPolicy", "ArchivePolicy", "DataProtectionPolicy" -> {
                if (!value.isEmpty()) {
                    requireJsonObject(name, value);
                }
            }
            default -> { }
        }
        if (value.isEmpty() && !name.equals("DisplayName")) {
            topic.attributes.remove(name);
        } else {
            topic.attributes.put(name, value);
        }
    }

    // ---------------------------------------------------------------- tags

    synchronized void tagResource(String arn, Map<String, String> tags) {
        Topic topic = topics.get(arn);
        if (topic == null) {
            throw resourceNotFound();
        }
        validateTags(tags);
        Map<String, String> merged = new LinkedHashMap<>(topic.tags);
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw new SnsException("TagLimitExceeded", 400, true,
                    "Could not complete request: tag quota of per resource exceeded (at most 50 tags)");
        }
        topic.tags.putAll(tags);
    }

    synchronized void untagResource(String arn, List<String> keys) {
        Topic topic = topics.get(arn);
        if (topic == null) {
            throw resourceNotFound();
        }
        keys.forEach(topic.tags::remove);
    }

    synchronized Map<String, String> tags(String arn) {
        Topic topic = topics.get(arn);
        if (topic == null) {
            throw resourceNotFound();
        }
        return new LinkedHashMap<>(topic.tags);
    }

    private static SnsException resourceNotFound() {
        return new SnsException("ResourceNotFound", 404, true, "Resource does not exist");
    }

    private static void validateTags(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > 128 || tag.getValue().length() > 256) {
                throw SnsException.invalidParameter("Tags Reason: keys must be 1 to 128 characters, values at"
                        + " most 256");
            }
        }
    }

    // ---------------------------------------------------------------- subscriptions

    /** The new or existing subscription; {@code confirmed} is false for protocols that need a confirmation. */
    record SubscribeOutcome(String arn, boolean confirmed) {}

    synchronized SubscribeOutcome subscribe(String topicArn, String protocol, String endpoint,
                                            Map<String, String> attributes) {
        requireTopicArn(topicArn);
        Topic topic = topic(topicArn);
        if (!KNOWN_PROTOCOLS.contains(protocol)) {
            throw SnsException.invalidParameter("Amazon SNS does not support this protocol string: " + protocol);
        }
        switch (protocol) {
            case "sqs" -> {
                Optional<Arns.Queue> queue = Arns.sqsQueue(endpoint);
                if (queue.isEmpty()) {
                    throw SnsException.invalidParameter("SQS endpoint ARN");
                }
                if (queue.get().fifo() && !topic.fifo) {
                    throw SnsException.invalidParameter(
                            "Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics");
                }
            }
            case "lambda" -> {
                if (!Arns.isLambdaFunction(endpoint)) {
                    throw SnsException.invalidParameter("Lambda endpoint ARN");
                }
            }
            case "http", "https" -> {
                if (!endpoint.toLowerCase(Locale.ROOT).startsWith(protocol + "://")) {
                    throw SnsException.invalidParameter("Endpoint Reason: must start with " + protocol + "://");
                }
            }
            case "email", "email-json" -> {
                if (!endpoint.contains("@")) {
                    throw SnsException.invalidParameter("Email address");
                }
            }
            default -> throw SnsException.invalidParameter("Protocol Reason: Ferry's local SNS does not support "
                    + protocol + " subscriptions; use sqs or lambda (http, https and email stay pending)");
        }
        if (topic.fifo && !protocol.equals("sqs")) {
            throw SnsException.invalidParameter("Invalid protocol type: " + protocol
                    + ". FIFO topics deliver to SQS queues only");
        }
        for (Subscription existing : subscriptions.values()) {
            if (existing.topicArn.equals(topicArn) && existing.protocol.equals(protocol)
                    && existing.endpoint.equals(endpoint)) {
                for (Map.Entry<String, String> requested : attributes.entrySet()) {
                    if (!requested.getValue().equals(existing.attributes.get(requested.getKey()))) {
                        throw SnsException.invalidParameter(
                                "Attributes Reason: Subscription already exists with different attributes");
                    }
                }
                return new SubscribeOutcome(existing.arn, existing.confirmed);
            }
        }
        boolean confirmed = !PENDING_PROTOCOLS.contains(protocol);
        String arn = topicArn + ":" + UUID.randomUUID();
        String token = HexFormat.of().formatHex(randomBytes(64));
        Subscription subscription = new Subscription(arn, topicArn, protocol, endpoint, account, token, confirmed);
        // Validate every attribute on a scratch copy first, so a bad one leaves nothing behind.
        applySubscriptionAttributes(topic, subscription, attributes);
        subscriptions.put(arn, subscription);
        return new SubscribeOutcome(arn, confirmed);
    }

    /** Unsubscribing from a subscription that no longer exists succeeds, as on SNS. */
    synchronized void unsubscribe(String arn) {
        if (Arns.topicOfSubscription(arn).isEmpty()) {
            throw SnsException.invalidParameter("SubscriptionArn Reason: not a subscription ARN: " + arn);
        }
        Subscription removed = subscriptions.remove(arn);
        if (removed != null) {
            Topic topic = topics.get(removed.topicArn);
            if (topic != null) {
                topic.subscriptionsDeleted++;
            }
        }
    }

    synchronized String confirmSubscription(String topicArn, String token) {
        requireTopicArn(topicArn);
        topic(topicArn);
        for (Subscription s : subscriptions.values()) {
            if (s.topicArn.equals(topicArn) && s.confirmationToken.equals(token)) {
                s.confirmed = true;
                return s.arn;
            }
        }
        throw SnsException.invalidParameter("Token");
    }

    /** Pending subscriptions and their tokens, standing in for the confirmation message SNS would send. */
    synchronized List<PendingConfirmation> pendingConfirmations() {
        return subscriptions.values().stream().filter(s -> !s.confirmed)
                .map(s -> new PendingConfirmation(s.arn, s.topicArn, s.protocol, s.endpoint, s.confirmationToken))
                .toList();
    }

    synchronized Page<SubscriptionSummary> listSubscriptions(Optional<String> nextToken) {
        return page(subscriptions.values().stream().map(SnsBackend::summary).toList(), nextToken);
    }

    synchronized Page<SubscriptionSummary> listSubscriptionsByTopic(String topicArn, Optional<String> nextToken) {
        requireTopicArn(topicArn);
        topic(topicArn);
        return page(subscriptions.values().stream().filter(s -> s.topicArn.equals(topicArn))
                .map(SnsBackend::summary).toList(), nextToken);
    }

    private static SubscriptionSummary summary(Subscription s) {
        return new SubscriptionSummary(s.listedArn(), s.owner, s.protocol, s.endpoint, s.topicArn);
    }

    synchronized Map<String, String> subscriptionAttributes(String arn) {
        Subscription s = subscription(arn);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ConfirmationWasAuthenticated", String.valueOf(s.confirmed));
        out.put("PendingConfirmation", String.valueOf(!s.confirmed));
        out.put("Owner", s.owner);
        out.put("RawMessageDelivery", String.valueOf(s.rawMessageDelivery()));
        out.put("TopicArn", s.topicArn);
        out.put("Endpoint", s.endpoint);
        out.put("Protocol", s.protocol);
        out.put("SubscriptionArn", s.arn);
        out.put("SubscriptionPrincipal", "arn:aws:iam::" + account + ":root");
        if (s.protocol.startsWith("http")) {
            out.put("EffectiveDeliveryPolicy", s.attributes.getOrDefault("DeliveryPolicy", DEFAULT_DELIVERY_POLICY));
        }
        s.attributes.forEach((k, v) -> {
            if (!k.equals("RawMessageDelivery")) {
                out.put(k, v);
            }
        });
        if (s.attributes.containsKey("FilterPolicy") && !s.attributes.containsKey("FilterPolicyScope")) {
            out.put("FilterPolicyScope", FilterPolicyScope.MESSAGE_ATTRIBUTES.wireName());
        }
        return out;
    }

    synchronized void setSubscriptionAttribute(String arn, String name, String value) {
        Subscription s = subscription(arn);
        Topic topic = topic(s.topicArn);
        Map<String, String> one = new HashMap<>();
        one.put(name, value);
        applySubscriptionAttributes(topic, s, one);
    }

    /** Validates all requested attributes together, then applies them, so a refusal changes nothing. */
    private void applySubscriptionAttributes(Topic topic, Subscription s, Map<String, String> requested) {
        Map<String, String> next = new LinkedHashMap<>(s.attributes);
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
                throw SnsException.invalidParameter("AttributeName Reason: " + name
                        + " is not a subscription attribute");
            }
            switch (name) {
                case "RawMessageDelivery" -> {
                    requireBoolean(name, value);
                    if (!RAW_DELIVERY_PROTOCOLS.contains(s.protocol)) {
                        throw SnsException.invalidParameter("Attributes Reason: Delivery protocol [" + s.protocol
                                + "] does not support raw message delivery.");
                    }
                    value = value.toLowerCase(Locale.ROOT);
                }
                case "FilterPolicyScope" -> {
                    if (FilterPolicyScope.fromWire(value).isEmpty()) {
                        throw SnsException.invalidParameter("Attributes Reason: FilterPolicyScope: Invalid value ["
                                + value + "]. Please use either MessageBody or MessageAttributes");
                    }
                }
                case "RedrivePolicy" -> {
                    if (!value.isEmpty()) {
                        RedrivePolicy.validate(value);
                    }
                }
                case "DeliveryPolicy", "ReplayPolicy" -> {
                    if (!value.isEmpty()) {
                        requireJsonObject(name, value);
                    }
                }
                default -> { }
            }
            if (value.isEmpty()) {
                next.remove(name);
            } else {
                next.put(name, value);
            }
        }
        Optional<FilterPolicy> policy = Optional.empty();
        if (next.containsKey("FilterPolicy")) {
            FilterPolicyScope scope = FilterPolicyScope.fromWire(next.getOrDefault("FilterPolicyScope",
                    "MessageAttributes")).orElseThrow();
            try {
                policy = Optional.of(FilterPolicy.parse(next.get("FilterPolicy"), scope));
            } catch (InvalidFilterPolicyException ex) {
                throw SnsException.invalidParameter("FilterPolicy: " + ex.getMessage());
            }
            boolean hadPolicy = s.attributes.containsKey("FilterPolicy");
            long policies = subscriptions.values().stream()
                    .filter(other -> other.topicArn.equals(topic.arn) && other.attributes.containsKey("FilterPolicy"))
                    .count();
            if (!hadPolicy && policies >= MAX_FILTER_POLICIES_PER_TOPIC) {
                throw new SnsException("FilterPolicyLimitExceeded", 403, true, "Filter policy limit exceeded:"
                        + " a topic can have at most " + MAX_FILTER_POLICIES_PER_TOPIC + " filter policies");
            }
        }
        s.attributes.clear();
        s.attributes.putAll(next);
        s.filterPolicy = policy;
    }

    // ---------------------------------------------------------------- publishing

    PublishResult publish(String topicArn, PublishRequest request) {
        requireTopicArn(topicArn);
        MessageValidation.validate(request);
        Map<String, String> structure = MessageValidation.structure(request);
        synchronized (this) {
            PublishResult result = publishValidated(topic(topicArn), request, structure);
            ledger.add(Meter.SNS_PUBLISHES, resourceName(topicArn), BillingUnits.messageRequests(MessageValidation.size(request)));
            return result;
        }
    }

    /** Counts publishes (by 64 KB chunk) and deliveries to SQS and Lambda in {@code ledger} from now on. */
    void meterInto(RequestLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * PublishBatch as AWS answers it (responses recorded on AWS in localstack/localstack's
     * tests/aws/services/sns/test_sns.snapshot.json): the batch rules refuse the whole request
     * (test_publish_batch_exceptions, test_publish_batch_invalid_entry_id, test_publish_batch_too_long_message), and so
     * does an entry that Publish would refuse: a bad message attribute answers ParameterValueInvalid for the batch as for
     * Publish (test_empty_or_wrong_message_attributes, "batch-..." cases), a FIFO entry without MessageGroupId or
     * deduplication, or a JSON structure without "default", InvalidParameter (test_publish_batch_exceptions). Nothing is
     * published unless every entry is valid; {@code Failed} is left for failures while publishing.
     */
    BatchResult publishBatch(String topicArn, List<BatchEntry> entries) {
        requireTopicArn(topicArn);
        if (entries.isEmpty()) {
            throw SnsException.batch("EmptyBatchRequest", "The batch request doesn't contain any entries.");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            throw SnsException.batch("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.");
        }
        Set<String> ids = new HashSet<>();
        long total = 0;
        for (BatchEntry entry : entries) {
            if (entry.id().length() > 80) {
                throw SnsException.batch("InvalidBatchEntryId", "The Id of a batch entry in the batch request is too long: " + entry.id());
            }
            if (!BATCH_ID.matcher(entry.id()).matches()) {
                throw SnsException.batch("InvalidBatchEntryId",
                        "The Id of a batch entry in the batch request contains an impermissible character: " + entry.id());
            }
            if (!ids.add(entry.id())) {
                throw SnsException.batch("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
            }
            total += MessageValidation.size(entry.request());
        }
        if (total > MessageValidation.MAX_MESSAGE_BYTES) {
            throw SnsException.batch("BatchRequestTooLong", "The length of all the messages put together is more than the limit.");
        }
        List<Map<String, String>> structures = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PublishRequest request = entries.get(i).request();
            MessageValidation.validate(request, "publishBatchRequestEntries." + (i + 1) + ".member.");
            structures.add(MessageValidation.structure(request));
        }
        synchronized (this) {
            Topic topic = topic(topicArn);
            for (BatchEntry entry : entries) {
                checkForTopic(topic, entry.request());
            }
            List<BatchResult.Success> successful = new ArrayList<>();
            List<BatchResult.Failure> failed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                BatchEntry entry = entries.get(i);
                try {
                    successful.add(new BatchResult.Success(entry.id(), publishValidated(topic, entry.request(), structures.get(i))));
                } catch (SnsException e) {
                    failed.add(new BatchResult.Failure(entry.id(), e.code(), e.getMessage(), e.senderFault()));
                }
            }
            // a batch is billed by its payload altogether, 64 KB a request (https://aws.amazon.com/sns/pricing/)
            if (!successful.isEmpty()) ledger.add(Meter.SNS_PUBLISHES, resourceName(topicArn), BillingUnits.messageRequests(total));
            return new BatchResult(successful, failed);
        }
    }

    /** What a topic's type demands of a message: a group and deduplication on FIFO topics, no deduplication ID elsewhere. */
    private static void checkForTopic(Topic topic, PublishRequest request) {
        if (topic.fifo) {
            if (request.messageGroupId().isEmpty()) {
                throw SnsException.invalidParameter("The MessageGroupId parameter is required for FIFO topics");
            }
            if (request.messageDeduplicationId().isEmpty() && !topic.contentBasedDeduplication()) {
                throw SnsException.invalidParameter("The topic should either have ContentBasedDeduplication"
                        + " enabled or MessageDeduplicationId provided explicitly");
            }
        } else if (request.messageDeduplicationId().isPresent()) {
            throw SnsException.invalidParameter("MessageDeduplicationId Reason: The request includes"
                    + " MessageDeduplicationId parameter that is not valid for this topic type");
        }
    }

    private PublishResult publishValidated(Topic topic, PublishRequest request, Map<String, String> structure) {
        Instant now = clock.instant();
        checkForTopic(topic, request);
        Optional<String> deduplicationId = Optional.empty();
        if (topic.fifo) {
            deduplicationId = Optional.of(request.messageDeduplicationId().orElseGet(() -> sha256(request.message())));
            Optional<PublishResult> earlier = topic.duplicate(deduplicationId.get(), now);
            if (earlier.isPresent()) {
                stats.duplicates.incrementAndGet();
                return earlier.get();
            }
        }
        String messageId = UUID.randomUUID().toString();
        Optional<String> sequenceNumber = topic.fifo ? Optional.of(topic.nextSequenceNumber()) : Optional.empty();
        PublishResult result = new PublishResult(messageId, sequenceNumber);
        if (topic.fifo) {
            topic.remember(deduplicationId.get(), result, now);
        }
        String defaultBody = structure.isEmpty() ? request.message() : structure.get("default");
        // SNS delivers message attributes only with the plain message structure, but filters on them always.
        Map<String, MessageAttribute> delivered = structure.isEmpty() ? request.attributes() : Map.of();
        Notification notification = new Notification(messageId, topic.arn, request.subject(), defaultBody,
                structure, delivered, now, sequenceNumber, request.messageGroupId(), deduplicationId);
        stats.published.incrementAndGet();
        fanOut(topic, notification, request.attributes());
        return result;
    }

    private void fanOut(Topic topic, Notification notification, Map<String, MessageAttribute> attributes) {
        Map<String, FilterableAttribute> filterable = new HashMap<>();
        attributes.forEach((k, v) -> filterable.put(k, v.filterable()));
        int matched = 0;
        for (Subscription s : subscriptions.values()) {
            if (!s.topicArn.equals(topic.arn) || !s.confirmed) {
                continue;
            }
            Optional<FilterPolicy> policy = s.filterPolicy;
            if (policy.isPresent() && !policy.get().matches(notification.bodyFor(s.protocol), filterable)) {
                stats.filteredOut.incrementAndGet();
                continue;
            }
            matched++;
            switch (s.protocol) {
                case "sqs" -> ledger.add(Meter.SNS_SQS_DELIVERIES, resourceName(s.endpoint), 1);
                case "lambda" -> ledger.add(Meter.SNS_LAMBDA_DELIVERIES, resourceName(s.endpoint), 1);
                default -> { } // other protocols are priced per protocol; the workflow has none
            }
            delivery.dispatch(notification, new DeliveryEngine.Target(s.arn, s.protocol, s.endpoint,
                    s.rawMessageDelivery(), s.deadLetterTargetArn(), topic.fifo));
        }
        if (matched == 0) {
            stats.unmatched.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- helpers

    private Topic topic(String arn) {
        Topic topic = topics.get(arn);
        if (topic == null) {
            throw SnsException.topicNotFound();
        }
        return topic;
    }

    private Subscription subscription(String arn) {
        if (Arns.topicOfSubscription(arn).isEmpty()) {
            throw SnsException.invalidParameter("SubscriptionArn Reason: not a subscription ARN: " + arn);
        }
        Subscription s = subscriptions.get(arn);
        if (s == null) {
            throw SnsException.subscriptionNotFound();
        }
        return s;
    }

    private static void requireTopicArn(String arn) {
        if (!Arns.isTopic(arn)) {
            throw SnsException.invalidParameter("TopicArn Reason: not a topic ARN: " + arn);
        }
    }

    private static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    private static void requireBoolean(String name, String value) {
        if (!isBoolean(value)) {
            throw SnsException.invalidParameter("Attributes Reason: " + name + ": Invalid value [" + value
                    + "]. Must be true or false.");
        }
    }

    private static void requireJsonObject(String name, String value) {
        try {
            if (!JSON.readTree(value).isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
        } catch (Exception e) {
            throw SnsException.invalidParameter(name + " Reason: must be a JSON object: " + e.getMessage());
        }
    }

    private static <T> Page<T> page(List<T> all, Optional<String> nextToken) {
        int start = 0;
        if (nextToken.isPresent()) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(nextToken.get()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw SnsException.invalidParameter("NextToken");
            }
            if (start < 0 || start > all.size()) {
                throw SnsException.invalidParameter("NextToken");
            }
        }
        int end = Math.min(all.size(), start + PAGE_SIZE);
        Optional<String> next = end < all.size()
                ? Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
        return new Page<>(List.copyOf(all.subList(start, end)), next);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String defaultPolicy(String arn) {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\","
                + "\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\","
                + "\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"" + arn + "\","
                + "\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + account + "\"}}}]}";
    }

    static final String DEFAULT_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,"
            + "\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,"
            + "\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,"
            + "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    /** The last part of an ARN (a topic's, queue's or function's name), to say what a ledger line was counted for. */
    private static String resourceName(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }
}
