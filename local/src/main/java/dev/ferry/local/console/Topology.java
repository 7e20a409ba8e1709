package dev.ferry.local.console;

import dev.ferry.local.deployment.ApiSpec;
import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.deployment.SnsLambdaSubscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployment as a graph, drawn left to right: API routes, the functions they call, the tables those write, the
 * stream consumers (the outbox relay), topics and streams, queues (each subscription with its filter policy), their
 * consumers, and the dead-letter queues and on-failure destinations. Mappings, API routes, SNS-to-Lambda subscriptions
 * and schedules come from the templates ({@link Deployment}); SNS-to-SQS subscriptions and redrive policies are read
 * from the running services, where the provisioner put them; what a function writes to is read from its environment
 * (a table, topic, stream or queue named in a variable).
 *
 * @param nodes by id ({@code fn:dev-OrdersApi}, {@code queue:dev-payments-order-placed}, ...)
 */
record Topology(List<Node> nodes, List<Edge> edges) {

    /** Columns of the drawing, left to right. */
    enum Column { ROUTE, API_FUNCTION, TABLE, STREAM_FUNCTION, TOPIC, QUEUE, CONSUMER, DEAD_LETTER }

    record Node(String id, String kind, String label, Column column) {}

    /** @param kind {@code invokes}, {@code writes}, {@code publishes}, {@code subscription}, {@code dead-letter}, {@code on-failure} */
    record Edge(String from, String to, String kind, String detail) {
        String id() {
            return InvocationRecorder.edge(from, to);
        }
    }

    static String function(String name) {
        return "fn:" + name;
    }

    static String queue(String name) {
        return "queue:" + name;
    }

    static String table(String name) {
        return "table:" + name;
    }

    static String stream(String name) {
        return "stream:" + name;
    }

    static String topic(String name) {
        return "topic:" + name;
    }

    static String rule(String name) {
        return "rule:" + name;
    }

    /** The node a mapping reads from: its queue, Kinesis stream, or the table whose stream it is. */
    static String sourceOf(EventSourceMappingSpec m) {
        return switch (m.kind()) {
            case SQS -> queue(afterLast(m.eventSourceArn(), ':'));
            case KINESIS -> stream(afterLast(m.eventSourceArn(), '/'));
            case DYNAMODB_STREAMS -> tableOfStream(m.eventSourceArn());
        };
    }

    /** The table of a DynamoDB stream ARN ({@code arn:...:table/T/stream/2026-...}), as its node names it. */
    static String tableOfStream(String streamArn) {
        return table(streamArn.contains("table/") ? streamArn.substring(streamArn.indexOf("table/") + 6).split("/")[0] : streamArn);
    }

    static String route(String method, String resource) {
        return "route:" + method + " " + resource;
    }

    /**
     * @param resources physical names by kind: {@code tables}, {@code queues}, {@code topics}, {@code streams}
     */
    static Topology of(Deployment deployment, Map<String, List<String>> resources, SqsClient sqs, SnsClient sns) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        Map<String, String> functionNames = new LinkedHashMap<>();
        deployment.functions().forEach(f -> functionNames.put(f.arn(), f.functionName()));
        Set<String> apiFunctions = new LinkedHashSet<>();
        Set<String> streamFunctions = new LinkedHashSet<>();
        for (ApiSpec api : deployment.apis()) {
            api.routes().forEach(r -> apiFunctions.add(name(functionNames, r.functionArn())));
        }
        deployment.eventSourceMappings().stream().filter(m -> m.kind() == EventSourceMappingSpec.SourceKind.DYNAMODB_STREAMS)
                .forEach(m -> streamFunctions.add(name(functionNames, m.functionArn())));
        for (FunctionSpec f : deployment.functions()) {
            Column column = apiFunctions.contains(f.functionName()) ? Column.API_FUNCTION
                    : streamFunctions.contains(f.functionName()) ? Column.STREAM_FUNCTION : Column.CONSUMER;
            nodes.put(function(f.functionName()), new Node(function(f.functionName()), "function", f.functionName(), column));
        }
        resources.getOrDefault("tables", List.of()).forEach(t -> nodes.put(table(t), new Node(table(t), "table", t, Column.TABLE)));
        resources.getOrDefault("topics", List.of()).forEach(t -> nodes.put(topic(t), new Node(topic(t), "topic", t, Column.TOPIC)));
        resources.getOrDefault("streams", List.of()).forEach(s -> nodes.put(stream(s), new Node(stream(s), "stream", s, Column.TOPIC)));
        Set<String> deadLetters = new LinkedHashSet<>();
        deployment.eventSourceMappings().forEach(m -> m.onFailureDestinationArn().ifPresent(d -> deadLetters.add(afterLast(d, ':'))));
        Map<String, String> queueUrls = new LinkedHashMap<>();
        Map<String, String> queueNamesByArn = new LinkedHashMap<>();
        for (String q : resources.getOrDefault("queues", List.of())) {
            try {
                String url = sqs.getQueueUrl(b -> b.queueName(q)).queueUrl();
                queueUrls.put(q, url);
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY)).attributes();
                queueNamesByArn.put(a.getOrDefault(QueueAttributeName.QUEUE_ARN, ""), q);
                Optional.ofNullable(a.get(QueueAttributeName.REDRIVE_POLICY)).flatMap(Topology::redrive).ifPresent(policy -> {
                    String dlq = afterLast(policy.target(), ':');
                    deadLetters.add(dlq);
                    edges.add(new Edge(queue(q), queue(dlq), "dead-letter", "after " + policy.maxReceiveCount() + " receives"));
                });
            } catch (RuntimeException gone) {
                // deleted since provisioning: not drawn
            }
        }
        queueUrls.keySet().forEach(q -> nodes.put(queue(q), new Node(queue(q), deadLetters.contains(q) ? "dead-letter queue" : "queue", q,
                deadLetters.contains(q) ? Column.DEAD_LETTER : Column.QUEUE)));
        for (ApiSpec api : deployment.apis()) {
            for (ApiSpec.ApiRoute r : api.routes()) {
                String id = route(r.httpMethod(), r.resourcePath());
                nodes.put(id, new Node(id, "route", r.httpMethod() + " " + r.resourcePath(), Column.ROUTE));
                edges.add(new Edge(id, function(name(functionNames, r.functionArn())), "invokes", ""));
            }
        }
        for (EventSourceMappingSpec m : deployment.eventSourceMappings()) {
            String fn = function(name(functionNames, m.functionArn()));
            String source = sourceOf(m);
            String detail = "batch " + m.batchSize() + (m.maximumBatchingWindow().isZero() ? "" : ", window " + m.maximumBatchingWindow().toSeconds() + " s")
                    + (m.filterPatterns().isEmpty() ? "" : ", filter " + String.join(" | ", m.filterPatterns()));
            edges.add(new Edge(source, fn, m.kind() == EventSourceMappingSpec.SourceKind.DYNAMODB_STREAMS ? "stream" : "invokes", detail));
            m.onFailureDestinationArn().ifPresent(d -> edges.add(new Edge(fn, queue(afterLast(d, ':')), "on-failure", "failed batches")));
        }
        for (SnsLambdaSubscription s : deployment.snsSubscriptions()) {
            edges.add(new Edge(topic(afterLast(s.topicArn(), ':')), function(name(functionNames, s.functionArn())), "subscription", "to Lambda"));
        }
        for (ScheduleRuleSpec r : deployment.scheduleRules()) {
            nodes.put(rule(r.name()), new Node(rule(r.name()), "schedule", r.name() + " " + r.scheduleExpression(), Column.QUEUE));
            r.targets().forEach(t -> edges.add(new Edge(rule(r.name()), function(name(functionNames, t.functionArn())), "invokes", "")));
        }
        snsToSqs(sns, nodes, queueNamesByArn, edges);
        for (FunctionSpec f : deployment.functions()) {
            for (String value : f.environment().values()) {
                for (Node n : List.copyOf(nodes.values())) {
                    if (n.kind().equals("function") || n.kind().equals("route") || n.kind().equals("schedule")) continue;
                    if (names(value, n.label())) {
                        String kind = switch (n.kind()) {
                            case "topic", "stream" -> "publishes";
                            case "table" -> "writes";
                            default -> "sends";
                        };
                        edges.add(new Edge(function(f.functionName()), n.id(), kind, ""));
                    }
                }
            }
        }
        // Only what is connected, or a resource of the app: a temporary queue of 'ferry load' has no edge and no place here.
        return new Topology(List.copyOf(nodes.values()), new ArrayList<>(edges));
    }

    private static void snsToSqs(SnsClient sns, Map<String, Node> nodes, Map<String, String> queueNamesByArn, Set<Edge> edges) {
        try {
            for (Subscription s : sns.listSubscriptionsPaginator(b -> {}).subscriptions()) {
                if (!"sqs".equals(s.protocol())) continue;
                String q = queueNamesByArn.get(s.endpoint());
                String t = afterLast(s.topicArn(), ':');
                if (q == null || !nodes.containsKey(topic(t))) continue;
                Map<String, String> a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(s.subscriptionArn())).attributes();
                String filter = a.getOrDefault("FilterPolicy", "");
                edges.add(new Edge(topic(t), queue(q), "subscription", filter.isBlank() ? "every message" : "filter " + filter.replaceAll("\\s+", "")));
            }
        } catch (RuntimeException e) {
            // subscriptions unreadable: the topics are drawn without them
        }
    }

    /** Whether an environment value names the resource: its name, or an ARN or URL ending in it. */
    static boolean names(String value, String resource) {
        return value.equals(resource) || value.endsWith(":" + resource) || value.endsWith("/" + resource);
    }

    private record Redrive(String target, int maxReceiveCount) {}

    private static Optional<Redrive> redrive(String policy) {
        try {
            var node = dev.ferry.local.lambda.Json.MAPPER.readTree(policy);
            return node.path("deadLetterTargetArn").isTextual()
                    ? Optional.of(new Redrive(node.path("deadLetterTargetArn").asText(), node.path("maxReceiveCount").asInt()))
                    : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String name(Map<String, String> functionNames, String arn) {
        return functionNames.getOrDefault(arn, afterLast(arn, ':'));
    }

    static String afterLast(String text, char separator) {
        return text.substring(text.lastIndexOf(separator) + 1);
    }
}
