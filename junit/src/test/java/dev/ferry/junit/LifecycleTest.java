package dev.ferry.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs small test classes (the static classes below, which Surefire does not pick up itself) through the JUnit
 * engine and looks at what the extension did to them: when it started and stopped, and how it failed.
 */
class LifecycleTest {

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
                .toList();
    }

    private static boolean accepts(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Test
    void oneCloudServesEveryTestOfAClassAndStopsAfterItsLastTest() {
        EndpointRecorder.SEEN.clear();

        run(EndpointRecorder.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(EndpointRecorder.SEEN).hasSize(2);
        URI endpoint = EndpointRecorder.SEEN.peek();
        assertThat(EndpointRecorder.SEEN).containsOnly(endpoint);
        assertThat(accepts(endpoint)).as("the emulator still listens on %s after the class", endpoint).isFalse();
    }

    @Test
    void eachTestClassGetsItsOwnCloudOnItsOwnPort() {
        EndpointRecorder.SEEN.clear();

        run(EndpointRecorder.class);
        run(EndpointRecorder.class);

        List<URI> seen = List.copyOf(EndpointRecorder.SEEN);
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0)).isEqualTo(seen.get(1)).isNotEqualTo(seen.get(2));
        assertThat(seen.get(2)).isEqualTo(seen.get(3));
    }

    @Test
    void testClassesRunningInParallelGetCloudsOfTheirOwn() {
        EndpointRecorder.SEEN.clear();
        OtherEndpointRecorder.SEEN.clear();

        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(EndpointRecorder.class), selectClass(OtherEndpointRecorder.class))
                .execute()
                .testEvents().assertStatistics(s -> s.succeeded(4).failed(0));

        assertThat(EndpointRecorder.SEEN).hasSize(2).doesNotContainAnyElementsOf(OtherEndpointRecorder.SEEN);
        assertThat(OtherEndpointRecorder.SEEN).hasSize(2);
    }

    @Test
    void aResetBetweenTestsThatRunAtTheSameTimeIsRefused() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .selectors(selectClass(ResetsConcurrently.class))
                .execute();

        results.testEvents().assertStatistics(s -> s.failed(2));
        assertThat(failures(results)).allSatisfy(message -> assertThat(message)
                .contains("would delete the tables and queues of the tests running beside this one")
                .contains("@Execution(ExecutionMode.SAME_THREAD)"));
    }

    @Test
    void aParameterOfAServiceNotAskedForFailsTheTestWithTheAnnotationToWrite() {
        EngineExecutionResults results = run(AsksForSqsParameterWithoutIt.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failures(results)).singleElement().asString()
                .contains("SqsClient (parameter 1 of publishes) needs SQS, which AsksForSqsParameterWithoutIt did not ask for")
                .contains("add it, as in @FerryLocalCloud(services = {DYNAMODB, SQS})");
    }

    @Test
    void aFieldOfAServiceNotAskedForFailsTheClassWithTheAnnotationToWrite() {
        EngineExecutionResults results = run(AsksForSqsFieldWithoutIt.class);

        assertThat(failures(results)).singleElement().asString()
                .contains("SqsClient (field AsksForSqsFieldWithoutIt.sqs) needs SQS")
                .contains("@FerryLocalCloud(services = {DYNAMODB, SQS})");
    }

    @Test
    void aFieldOfATypeItCannotInjectIsRefusedWithTheTypesItCan() {
        assertThat(failures(run(InjectsAString.class))).singleElement().asString()
                .contains("@FerryInject field InjectsAString.name has type java.lang.String")
                .contains("DynamoDbClient, DynamoDbStreamsClient, SqsClient, SnsClient, KinesisClient");
    }

    @Test
    void anEmptyServiceListIsRefusedRatherThanStartingNothing() {
        assertThat(failures(run(AsksForNothing.class))).singleElement().asString()
                .contains("@FerryLocalCloud(services = {})").contains("starts nothing");
    }

    @Test
    void aRegistrationInAnInstanceFieldIsRefusedWithTheFix() {
        assertThat(failures(run(RegisteredInInstanceField.class))).singleElement().asString()
                .contains("make the @RegisterExtension field static");
    }

    @FerryLocalCloud(services = FerryService.DYNAMODB)
    static class EndpointRecorder {
        static final Queue<URI> SEEN = new ConcurrentLinkedQueue<>();

        @FerryEndpoint(FerryService.DYNAMODB) URI endpoint;

        @Test
        void first(DynamoDbClient dynamo) {
            dynamo.listTables();
            SEEN.add(endpoint);
        }

        @Test
        void second(DynamoDbClient dynamo) {
            dynamo.listTables();
            SEEN.add(endpoint);
        }
    }

    @FerryLocalCloud(services = FerryService.DYNAMODB)
    static class OtherEndpointRecorder {
        static final Queue<URI> SEEN = new ConcurrentLinkedQueue<>();

        @Test
        void first(@FerryEndpoint(FerryService.DYNAMODB) URI endpoint) {
            SEEN.add(endpoint);
        }

        @Test
        void second(@FerryEndpoint(FerryService.DYNAMODB) URI endpoint) {
            SEEN.add(endpoint);
        }
    }

    @FerryLocalCloud(services = FerryService.DYNAMODB)
    static class AsksForSqsParameterWithoutIt {
        @Test
        void publishes(SqsClient sqs) {
            sqs.listQueues();
        }

        @Test
        void stillRunsTheOtherTests(DynamoDbClient dynamo) {
            dynamo.listTables();
        }
    }

    @FerryLocalCloud(services = FerryService.DYNAMODB)
    static class AsksForSqsFieldWithoutIt {
        @FerryInject SqsClient sqs;

        @Test
        void publishes() {
            sqs.listQueues();
        }
    }

    @FerryLocalCloud(services = FerryService.DYNAMODB)
    static class InjectsAString {
        @FerryInject String name;

        @Test
        void uses() {
            assertThat(name).isNotNull();
        }
    }

    @FerryLocalCloud(services = FerryService.DYNAMODB, resetAfterEachTest = true)
    static class ResetsConcurrently {
        @Test
        void one(DynamoDbClient dynamo) {
            dynamo.listTables();
        }

        @Test
        void other(DynamoDbClient dynamo) {
            dynamo.listTables();
        }
    }

    @FerryLocalCloud(services = {})
    static class AsksForNothing {
        @Test
        void runs() {
        }
    }

    static class RegisteredInInstanceField {
        @RegisterExtension
        final FerryLocalCloudExtension cloud = FerryLocalCloudExtension.withServices(FerryService.DYNAMODB);

        @Test
        void runs() {
            cloud.client(DynamoDbClient.class).listTables();
        }
    }
}
