package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.infra.ContractDocument.TableRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataStackTest {

    private static Templates templates;
    private static List<Resource> tables;

    @BeforeAll
    static void synthesize() {
        templates = new Templates(TestApps.dev());
        tables = templates.resources(templates.stacks().data(), "AWS::DynamoDB::Table");
    }

    @Test
    void everyTableOfTheContractExistsWithItsKeysAsStrings() {
        List<TableRow> contract = ContractDocument.load().tables();
        assertThat(contract).extracting(TableRow::name)
                .containsExactly("orders", "accounts", "orders-outbox", "accounts-outbox", "idempotency", "notifications", "analytics", "audit");
        assertThat(tables).hasSize(contract.size());
        for (TableRow row : contract) {
            Resource table = table("dev-" + row.name());
            assertThat(table.list("KeySchema")).as(row.name()).containsExactlyElementsOf(keySchema(row));
            assertThat(table.list("AttributeDefinitions")).as(row.name()).allSatisfy(attribute ->
                    assertThat(((Map<?, ?>) attribute).get("AttributeType")).isEqualTo("S"));
        }
    }

    @Test
    void onlyTheTablesFeedingTheRelayStreamAndTheyStreamNewImages() {
        for (TableRow row : ContractDocument.load().tables()) {
            Optional<Object> stream = table("dev-" + row.name()).property("StreamSpecification.StreamViewType");
            if (row.streamsNewImages()) {
                assertThat(stream).as(row.name()).contains("NEW_IMAGE");
            } else {
                assertThat(stream).as(row.name()).isEmpty();
            }
        }
    }

    @Test
    void timeToLiveIsOnTheContractsAttributeOnly() {
        for (TableRow row : ContractDocument.load().tables()) {
            Resource table = table("dev-" + row.name());
            if (row.ttlAttribute().isPresent()) {
                assertThat(table.property("TimeToLiveSpecification.AttributeName")).as(row.name())
                        .isEqualTo(row.ttlAttribute());
                assertThat(table.property("TimeToLiveSpecification.Enabled")).as(row.name()).contains(true);
            } else {
                assertThat(table.property("TimeToLiveSpecification")).as(row.name()).isEmpty();
            }
        }
    }

    @Test
    void everyTableIsOnDemandEncryptedAndRecoverableToAPointInTime() {
        assertThat(tables).allSatisfy(table -> {
            assertThat(table.string("BillingMode")).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.property("SSESpecification.SSEEnabled")).contains(true);
            assertThat(table.property("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled")).contains(true);
        });
    }

    @Test
    void everyTableNameIsAStackOutput() {
        Map<String, Map<String, Object>> outputs = templates.template(templates.stacks().data()).findOutputs("*");
        for (Resource table : tables) {
            assertThat(outputs.values()).as(table.logicalId())
                    .anySatisfy(output -> assertThat(output.get("Value")).isEqualTo(Map.of("Ref", table.logicalId())));
        }
    }

    private static Resource table(String name) {
        return tables.stream().filter(t -> name.equals(t.string("TableName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no table named " + name));
    }

    private static List<Map<String, String>> keySchema(TableRow row) {
        return row.sortKey()
                .map(sort -> List.of(Map.of("AttributeName", row.partitionKey(), "KeyType", "HASH"),
                        Map.of("AttributeName", sort, "KeyType", "RANGE")))
                .orElse(List.of(Map.of("AttributeName", row.partitionKey(), "KeyType", "HASH")));
    }
}
