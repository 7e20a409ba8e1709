package dev.ferry.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.cloudformation.CloudAssembly;
import dev.ferry.local.cloudformation.StackArtifact;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Which of the tables, queues, topics and streams a cloud assembly names already exist on the endpoints, before
 * anything is provisioned there. The provisioner reuses a resource it finds by name (so that provisioning again is
 * idempotent); on an endpoint that something else uses too (a shared LocalStack), that means sharing another system's
 * resources without a word, which a caller can refuse with this check. Only the names a template writes out are
 * looked up: generated names are Ferry's own ({@code <stack>-<logicalId>-<hash>}).
 */
public final class ExistingResources {

    /** A resource that is there already: its kind ({@code table}, {@code queue}, {@code topic}, {@code stream}) and name. */
    public record Found(String kind, String name) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private ExistingResources() {
    }

    /** The named resources of {@code assembly} that exist on the endpoints {@code environment} names. */
    public static List<Found> find(CloudAssembly assembly, Map<String, String> environment) {
        List<Found> wanted = named(assembly);
        List<Found> found = new ArrayList<>();
        if (wanted.isEmpty()) return found;
        try (AwsClients clients = new AwsClients(new Endpoints(environment))) {
            Set<String> topics = wanted.stream().anyMatch(w -> w.kind().equals("topic")) ? topicNames(clients) : Set.of();
            for (Found resource : wanted) {
                if (exists(clients, resource, topics)) found.add(resource);
            }
        }
        return found;
    }

    /** The tables, queues, topics and streams whose name the templates write out as a plain string. */
    static List<Found> named(CloudAssembly assembly) {
        Set<Found> names = new LinkedHashSet<>();
        for (StackArtifact stack : assembly.stacks()) {
            stack.template().path("Resources").properties().forEach(entry -> {
                JsonNode resource = entry.getValue();
                JsonNode properties = resource.path("Properties");
                switch (resource.path("Type").asText()) {
                    case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> literal(properties, "TableName", "table", names);
                    case "AWS::SQS::Queue" -> literal(properties, "QueueName", "queue", names);
                    case "AWS::SNS::Topic" -> literal(properties, "TopicName", "topic", names);
                    case "AWS::Kinesis::Stream" -> literal(properties, "Name", "stream", names);
                    default -> { }
                }
            });
        }
        return List.copyOf(names);
    }

    private static void literal(JsonNode properties, String field, String kind, Set<Found> names) {
        JsonNode name = properties.path(field);
        if (name.isTextual() && !name.asText().isBlank()) names.add(new Found(kind, name.asText()));
    }

    private static boolean exists(AwsClients clients, Found resource, Set<String> topics) {
        String forWhat = "the check for existing resources";
        return switch (resource.kind()) {
            case "table" -> {
                try {
                    clients.dynamoDb(forWhat).describeTable(r -> r.tableName(resource.name()));
                    yield true;
                } catch (ResourceNotFoundException e) {
                    yield false;
                }
            }
            case "queue" -> {
                try {
                    clients.sqs(forWhat).getQueueUrl(r -> r.queueName(resource.name()));
                    yield true;
                } catch (QueueDoesNotExistException e) {
                    yield false;
                }
            }
            case "topic" -> topics.contains(resource.name());
            case "stream" -> {
                try {
                    clients.kinesis(forWhat).describeStreamSummary(r -> r.streamName(resource.name()));
                    yield true;
                } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
                    yield false;
                } catch (KinesisException e) {
                    if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("not found")) yield false;
                    throw e;
                }
            }
            default -> false;
        };
    }

    private static Set<String> topicNames(AwsClients clients) {
        Set<String> names = new LinkedHashSet<>();
        clients.sns("the check for existing resources").listTopicsPaginator().topics()
                .forEach(t -> names.add(t.topicArn().substring(t.topicArn().lastIndexOf(':') + 1)));
        return names;
    }
}
