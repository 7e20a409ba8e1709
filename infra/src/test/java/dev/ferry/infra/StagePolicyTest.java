package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/** Non-production stages clean up after themselves; production keeps its data when a stack goes. */
class StagePolicyTest {

    private static final List<String> STATEFUL = List.of("AWS::DynamoDB::Table", "AWS::SQS::Queue",
            "AWS::Kinesis::Stream", "AWS::Logs::LogGroup");

    @Test
    void aDevStageDeletesItsTablesQueuesStreamAndLogs() {
        Templates templates = new Templates(TestApps.dev());
        for (String type : STATEFUL) {
            assertThat(templates.resources(type)).as(type).isNotEmpty()
                    .allSatisfy(resource -> assertThat(resource.deletionPolicy()).as(resource.toString()).isEqualTo("Delete"));
        }
        assertThat(templates.resources("AWS::DynamoDB::Table"))
                .allSatisfy(table -> assertThat(table.property("DeletionProtectionEnabled")).contains(false));
    }

    @Test
    void productionRetainsItsTablesQueuesStreamAndLogsAndProtectsItsTables() {
        Templates templates = new Templates(TestApps.prod());
        for (String type : STATEFUL) {
            assertThat(templates.resources(type)).as(type).isNotEmpty()
                    .allSatisfy(resource -> assertThat(resource.deletionPolicy()).as(resource.toString()).isEqualTo("Retain"));
        }
        assertThat(templates.resources("AWS::DynamoDB::Table"))
                .allSatisfy(table -> assertThat(table.property("DeletionProtectionEnabled")).contains(true));
        assertThat(templates.resourceOf(templates.stacks().messaging().eventLog()).integer("RetentionPeriodHours"))
                .isEqualTo(7 * 24);
    }

    @Test
    void theApiGatewayLoggingRoleIsRetainedInEveryStageBecauseTheAccountSharesIt() {
        for (FerryStacks stacks : List.of(TestApps.dev(), TestApps.prod())) {
            Templates templates = new Templates(stacks);
            assertThat(templates.resources(stacks.api(), "AWS::IAM::Role")).singleElement()
                    .satisfies(role -> assertThat(role.deletionPolicy()).isEqualTo("Retain"));
        }
    }

    @Test
    void everyStackAndResourceNameCarriesTheStage() {
        assertThat(TestApps.prod().all()).extracting(Stack::getStackName).containsExactly("prod-ferry-data",
                "prod-ferry-messaging", "prod-ferry-functions", "prod-ferry-api", "prod-ferry-observability");
        Templates templates = new Templates(TestApps.prod());
        assertThat(templates.resources("AWS::DynamoDB::Table")).allSatisfy(
                t -> assertThat(t.string("TableName")).startsWith("prod-"));
        assertThat(templates.resources("AWS::SQS::Queue")).allSatisfy(
                q -> assertThat(q.string("QueueName")).startsWith("prod-"));
        assertThat(templates.resources("AWS::Lambda::Function")).allSatisfy(
                f -> assertThat(f.string("FunctionName")).startsWith("prod-"));
        assertThat(Set.of(templates.resourceOf(templates.stacks().messaging().eventLog()).string("Name")))
                .containsExactly("prod-event-log");
    }
}
