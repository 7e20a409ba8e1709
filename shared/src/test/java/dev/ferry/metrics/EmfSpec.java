package dev.ferry.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The rules of the CloudWatch embedded metric format that a document must keep for CloudWatch to extract its metrics
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * a root {@code _aws} object with a numeric {@code Timestamp} (milliseconds since the epoch) and an array of metric
 * directives, each with a {@code Namespace}, dimension sets of at most 30 names, and at most 100 metric definitions with
 * a {@code Name}, an optional CloudWatch {@code Unit} and an optional {@code StorageResolution} of 1 or 60; every
 * dimension a string member of the root, every metric a number or an array of at most 100 numbers there.
 */
public final class EmfSpec {
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
            "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
            "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    private EmfSpec() {
    }

    /** What the document does wrong; empty when it conforms. */
    public static List<String> violations(JsonNode root) {
        List<String> problems = new ArrayList<>();
        JsonNode aws = root.path("_aws");
        if (!aws.isObject()) {
            problems.add("no _aws metadata object");
            return problems;
        }
        if (!aws.path("Timestamp").isIntegralNumber()) problems.add("_aws.Timestamp is not a number of milliseconds");
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray()) {
            problems.add("_aws.CloudWatchMetrics is not an array");
            return problems;
        }
        for (JsonNode directive : directives) {
            if (!directive.path("Namespace").isTextual() || directive.path("Namespace").asText().isEmpty()) {
                problems.add("a directive without a Namespace");
            }
            for (JsonNode set : directive.path("Dimensions")) {
                if (!set.isArray() || set.size() > 30) problems.add("a dimension set that is not an array of at most 30: " + set);
                for (JsonNode dimension : set) {
                    if (!root.path(dimension.asText()).isTextual()) problems.add("dimension " + dimension + " has no string member");
                }
            }
            JsonNode metrics = directive.path("Metrics");
            if (!metrics.isArray() || metrics.size() > 100) problems.add("Metrics is not an array of at most 100");
            for (JsonNode metric : metrics) {
                String name = metric.path("Name").asText("");
                if (name.isEmpty()) problems.add("a metric definition without a Name");
                if (metric.has("Unit") && !UNITS.contains(metric.path("Unit").asText())) problems.add(name + ": unknown Unit " + metric.get("Unit"));
                if (metric.has("StorageResolution") && !Set.of(1, 60).contains(metric.path("StorageResolution").asInt())) {
                    problems.add(name + ": StorageResolution must be 1 or 60");
                }
                JsonNode value = root.path(name);
                boolean numbers = value.isNumber() || value.isArray() && value.size() <= 100 && allNumbers(value.elements());
                if (!numbers) problems.add(name + " is not a number or an array of at most 100 numbers: " + value);
            }
        }
        return problems;
    }

    private static boolean allNumbers(Iterator<JsonNode> values) {
        while (values.hasNext()) {
            if (!values.next().isNumber()) return false;
        }
        return true;
    }
}
