package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AwsSolutions pack over the whole app: nothing unsuppressed, every suppression with a reason. */
class CdkNagTest {

    private static FerryStacks stacks;
    private static CloudAssembly assembly;

    @BeforeAll
    static void synthesizeWithTheAwsSolutionsPack() {
        // With every optional resource (the alarm topic and its key), so that the pack sees all of them.
        App app = TestApps.newApp(Map.of(DeploymentSettings.ALARM_EMAIL_CONTEXT_KEY, TestApps.ALARM_EMAIL));
        stacks = FerryStacks.create(app, DeploymentSettings.fromContext(app.getNode()));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).reports(true).build()));
        assembly = app.synth();
    }

    @Test
    void noStackHasAnUnsuppressedError() {
        List<String> errors = new ArrayList<>();
        for (Stack stack : stacks.all()) {
            Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                    .forEach(message -> errors.add(describe(message)));
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void noStackHasAnUnsuppressedWarning() {
        List<String> warnings = new ArrayList<>();
        for (Stack stack : stacks.all()) {
            Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                    .forEach(message -> warnings.add(describe(message)));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void everySuppressionGivesAReasonAReviewerCanCheck() throws IOException {
        Map<String, String> suppressed = new TreeMap<>();
        Map<String, Set<String>> suppressedResources = new TreeMap<>();
        Map<String, Set<String>> compliant = new TreeMap<>();
        for (Path report : reports()) {
            List<String> lines = Files.readAllLines(report);
            for (String line : lines.subList(1, lines.size())) {
                List<String> cells = csvCells(line);
                // Rule ID, Resource ID, Compliance, Exception Reason, Rule Level, Rule Info
                String rule = cells.get(0);
                String resource = cells.get(1);
                String compliance = cells.get(2);
                if (compliance.equals("Suppressed")) {
                    suppressed.merge(rule, cells.get(3), (a, b) -> a.equals(b) ? a : a + " | " + b);
                    suppressedResources.computeIfAbsent(rule, r -> new TreeSet<>()).add(resource);
                } else if (compliance.equals("Compliant")) {
                    compliant.computeIfAbsent(rule, r -> new TreeSet<>()).add(resource);
                }
            }
        }
        compliant.forEach((rule, resources) ->
                System.out.println("cdk-nag compliant " + rule + ": " + resources.size() + " resources"));
        suppressed.forEach((rule, reason) -> System.out.println("cdk-nag suppressed " + rule + " on "
                + suppressedResources.get(rule).size() + " resources: " + reason));
        assertThat(compliant).as("rules that found compliant resources").isNotEmpty();
        assertThat(suppressed).allSatisfy((rule, reason) -> assertThat(reason).as(rule).hasSizeGreaterThan(60));
    }

    private static List<Path> reports() throws IOException {
        try (var files = Files.list(Path.of(assembly.getDirectory()))) {
            List<Path> reports = files.filter(f -> f.getFileName().toString().startsWith("AwsSolutions-")
                    && f.getFileName().toString().endsWith(".csv")).toList();
            assertThat(reports).hasSize(stacks.all().size());
            return reports;
        }
    }

    /** The report's cells are quoted and may contain commas; quotes inside are doubled. */
    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static String describe(SynthesisMessage message) {
        return message.getId() + ": " + message.getEntry().getData();
    }
}
