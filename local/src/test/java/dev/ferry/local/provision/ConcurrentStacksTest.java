package dev.ferry.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.cloudformation.StackArtifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The order in which {@link Provisioner} provisions an assembly's stacks: those that do not depend on each other at
 * the same time, each after the stacks it depends on, and a stack that imports values after every stack before it.
 */
class ConcurrentStacksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAIN = "{\"Resources\": {}}";
    private static final String IMPORTING = "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\":"
            + " {\"QueueName\": {\"Fn::ImportValue\": \"name\"}}}}}";

    private static StackArtifact stack(String id, String template, String... dependencies) throws Exception {
        JsonNode json = JSON.readTree(template);
        return new StackArtifact(id, id, Path.of("."), Path.of(id + ".template.json"), json,
                List.of(dependencies));
    }

    @Test
    void stacksThatDoNotDependOnEachOtherAreProvisionedTogetherAndTheirDependentsAfterBoth() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<String> finished = ConcurrentHashMap.newKeySet();
        Map<String, Set<String>> finishedBeforeStart = new ConcurrentHashMap<>();

        var outputs = Provisioner.provisionStacks(List.of(
                stack("data", PLAIN, "data.assets"), stack("messaging", PLAIN), stack("functions", PLAIN, "data", "messaging")), s -> {
            finishedBeforeStart.put(s.artifactId(), Set.copyOf(finished));
            if (!s.artifactId().equals("functions")) {
                bothStarted.countDown();
                try {
                    // Each of the two waits for the other to have started: they only both get here at the same time.
                    assertThat(bothStarted.await(10, TimeUnit.SECONDS)).as("the other stack started meanwhile").isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            finished.add(s.artifactId());
            return Map.of(s.artifactId() + ".Output", "value of " + s.artifactId());
        });

        assertThat(finishedBeforeStart.get("functions")).containsExactlyInAnyOrder("data", "messaging");
        assertThat(outputs.keySet()).containsExactly("data", "messaging", "functions");
        assertThat(outputs.get("messaging")).containsEntry("messaging.Output", "value of messaging");
    }

    @Test
    void aStackThatImportsValuesWaitsForEveryStackBeforeIt() throws Exception {
        Set<String> finished = ConcurrentHashMap.newKeySet();
        Map<String, Set<String>> finishedBeforeStart = new ConcurrentHashMap<>();

        Provisioner.provisionStacks(List.of(stack("first", PLAIN), stack("second", PLAIN), stack("importer", IMPORTING)), s -> {
            finishedBeforeStart.put(s.artifactId(), Set.copyOf(finished));
            finished.add(s.artifactId());
            return Map.of();
        });

        assertThat(finishedBeforeStart.get("importer")).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aFailedStackIsReportedAfterTheStacksUnderWayEndedAndItsDependentsNeverStart() throws Exception {
        Set<String> started = ConcurrentHashMap.newKeySet();
        Set<String> finished = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> Provisioner.provisionStacks(List.of(stack("data", PLAIN), stack("messaging", PLAIN),
                stack("functions", PLAIN, "data", "messaging")), s -> {
            started.add(s.artifactId());
            if (s.artifactId().equals("data")) throw new ProvisioningException("table dev-orders could not be provisioned");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            finished.add(s.artifactId());
            return Map.of();
        })).isInstanceOf(ProvisioningException.class).hasMessage("table dev-orders could not be provisioned");

        assertThat(started).containsExactlyInAnyOrder("data", "messaging");
        assertThat(finished).as("the stack under way was not left running").containsExactly("messaging");
    }
}
