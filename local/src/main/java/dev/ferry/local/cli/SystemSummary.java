package dev.ferry.local.cli;

import dev.ferry.local.deployment.Deployment;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.ScheduleRuleSpec;
import dev.ferry.local.provision.ProvisionedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-screen view of what {@code ferry up} runs: functions, how events reach them (mappings, SNS
 * subscriptions, scheduled rules), and the data-plane resources by kind, with their physical names (the ones
 * to pass to the AWS CLI or an SDK).
 */
final class SystemSummary {
    private static final int WIDTH = 110;
    private static final Map<String, String> KINDS = Map.of(
            "AWS::DynamoDB::Table", "tables", "AWS::DynamoDB::GlobalTable", "tables",
            "AWS::SQS::Queue", "queues", "AWS::SNS::Topic", "topics", "AWS::Kinesis::Stream", "streams");

    private SystemSummary() {
    }

    /** Physical names by kind ({@code tables}, {@code queues}, {@code topics}, {@code streams}), sorted. */
    static Map<String, List<String>> resourcesByKind(List<ProvisionedResource> resources) {
        Map<String, List<String>> byKind = new TreeMap<>();
        for (ProvisionedResource r : resources) {
            String kind = KINDS.get(r.type());
            if (kind != null) byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(shortName(r.physicalId()));
        }
        byKind.values().forEach(names -> names.sort(String::compareTo));
        return byKind;
    }

    static String render(Deployment deployment, Map<String, List<String>> resources, String faults) {
        StringBuilder out = new StringBuilder();
        Map<String, String> functionNames = new LinkedHashMap<>();
        deployment.functions().forEach(f -> functionNames.put(f.arn(), f.functionName()));
        line(out, "functions", functionNames.values().stream().sorted().toList());
        for (EventSourceMappingSpec m : deployment.eventSourceMappings()) {
            String kind = switch (m.kind()) {
                case SQS -> "sqs";
                case KINESIS -> "kinesis";
                case DYNAMODB_STREAMS -> "ddb-stream";
            };
            out.append(String.format("%-10s %-10s %s -> %s%s%n", "mapping", kind, shortName(m.eventSourceArn()),
                    functionNames.getOrDefault(m.functionArn(), shortName(m.functionArn())),
                    m.onFailureDestinationArn().map(d -> "  (on failure: " + shortName(d) + ")").orElse("")));
        }
        deployment.snsSubscriptions().forEach(s -> out.append(String.format("%-10s %-10s %s -> %s%n", "mapping", "sns",
                shortName(s.topicArn()), functionNames.getOrDefault(s.functionArn(), shortName(s.functionArn())))));
        for (ScheduleRuleSpec r : deployment.scheduleRules()) {
            out.append(String.format("%-10s %-10s %s -> %s  %s%s%n", "schedule",
                    r.scheduleExpression().substring(0, r.scheduleExpression().indexOf('(')), r.name(),
                    String.join(", ", r.targets().stream()
                            .map(t -> functionNames.getOrDefault(t.functionArn(), shortName(t.functionArn()))).distinct().toList()),
                    r.scheduleExpression(), r.enabled() ? "" : ", disabled"));
        }
        for (String kind : List.of("tables", "queues", "topics", "streams")) {
            line(out, kind, resources.getOrDefault(kind, List.of()));
        }
        out.append(String.format("%-10s %s%n", "faults", faults));
        return out.toString();
    }

    /** {@code kind  n  a, b, c} wrapped under the list, so that long lists stay on the screen. */
    private static void line(StringBuilder out, String label, List<String> names) {
        String head = String.format("%-10s %2d  ", label, names.size());
        StringBuilder current = new StringBuilder(head);
        for (int i = 0; i < names.size(); i++) {
            String item = names.get(i) + (i < names.size() - 1 ? ", " : "");
            if (current.length() + item.length() > WIDTH && current.length() > head.length()) {
                out.append(current.toString().stripTrailing()).append(System.lineSeparator());
                current = new StringBuilder(" ".repeat(head.length()));
            }
            current.append(item);
        }
        out.append(current.toString().stripTrailing()).append(System.lineSeparator());
    }

    /**
     * The readable end of an ARN or URL: a queue URL or ARN -> the queue name, a stream ARN -> the stream
     * name, a DynamoDB stream ARN -> {@code <table>/stream}.
     */
    static String shortName(String arnOrUrl) {
        int stream = arnOrUrl.indexOf("/stream/");
        if (arnOrUrl.startsWith("arn:aws:dynamodb:") && stream > 0) {
            String table = arnOrUrl.substring(0, stream);
            return table.substring(table.lastIndexOf('/') + 1) + "/stream";
        }
        String tail = arnOrUrl.substring(arnOrUrl.lastIndexOf('/') + 1);
        return tail.substring(tail.lastIndexOf(':') + 1);
    }
}
