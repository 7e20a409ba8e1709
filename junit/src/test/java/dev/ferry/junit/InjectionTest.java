package dev.ferry.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

@FerryLocalCloud(services = FerryService.DYNAMODB)
class InjectionTest {
    @FerryInject static DynamoDbClient sharedDynamo;
    @FerryEndpoint(FerryService.DYNAMODB) static URI sharedEndpoint;

    @FerryInject DynamoDbClient dynamo;
    @FerryInject DynamoDbStreamsClient streams;
    @FerryEndpoint(FerryService.DYNAMODB) URI endpoint;

    @BeforeAll
    static void createTable(DynamoDbClient fromParameter) {
        fromParameter.createTable(t -> t.tableName("orders")
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
    }

    @Test
    void staticFieldsAreFilledBeforeBeforeAllAndInstanceFieldsBeforeEachTest() {
        assertThat(sharedDynamo).isNotNull();
        assertThat(dynamo).isSameAs(sharedDynamo);
        assertThat(sharedDynamo.listTables().tableNames()).containsExactly("orders");
    }

    @Test
    void endpointsAreLoopbackAddressesOnAnEphemeralPort() {
        assertThat(endpoint).isEqualTo(sharedEndpoint);
        assertThat(endpoint.getScheme()).isEqualTo("http");
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isPositive();
    }

    @Test
    void theInjectedClientReachesTheEmulatorsConditionalWrites(DynamoDbClient fromParameter) {
        Map<String, AttributeValue> order = Map.of("id", AttributeValue.fromS("order-conditional"));
        fromParameter.putItem(p -> p.tableName("orders").item(order).conditionExpression("attribute_not_exists(id)"));

        assertThatThrownBy(() -> dynamo.putItem(p -> p.tableName("orders").item(order)
                .conditionExpression("attribute_not_exists(id)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void theStreamsClientReadsTheTablesStream() {
        String streamArn = dynamo.describeTable(d -> d.tableName("orders")).table().latestStreamArn();
        assertThat(streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().tableName()).isEqualTo("orders");
    }

    @Test
    void endpointParametersAreResolvedToo(@FerryEndpoint(FerryService.DYNAMODB) URI fromParameter) {
        assertThat(fromParameter).isEqualTo(endpoint);
    }

    @Nested
    class NestedClasses {
        @FerryInject DynamoDbClient nestedDynamo;

        @Test
        void shareTheEnclosingClassesCloud(@FerryEndpoint(FerryService.DYNAMODB) URI nestedEndpoint) {
            assertThat(nestedEndpoint).isEqualTo(sharedEndpoint);
            assertThat(nestedDynamo.listTables().tableNames()).contains("orders");
        }
    }
}
