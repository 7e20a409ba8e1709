package software.amazon.awssdk.regions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.KinesisServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SnsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.StreamsDynamodbServiceMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The functions' own {@link GeneratedServiceMetadataProvider} (which the shaded jar holds instead of the SDK's) knows no
 * service, and what {@link ServiceMetadata#of(String)} answers then for the functions' services is what the SDK's
 * generated metadata would: the same endpoint in every region the SDK knows.
 */
class LeanServiceMetadataTest {

    @Test
    void theFunctionsProviderIsTheOneOnThisClassPathAndKnowsNoService() {
        assertThat(GeneratedServiceMetadataProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .as("functions' class, not the SDK's").doesNotContain("regions-");
        assertThat(new GeneratedServiceMetadataProvider().serviceMetadata("dynamodb")).isNull();
        assertThat(DynamoDbClient.serviceMetadata()).isInstanceOf(DefaultServiceMetadata.class);
    }

    @Test
    void theFallbackGivesTheFunctionsServicesTheEndpointsOfTheGeneratedMetadataInEveryRegion() {
        Map<String, ServiceMetadata> generated = Map.of(
                DynamoDbClient.SERVICE_METADATA_ID, new DynamodbServiceMetadata(),
                DynamoDbStreamsClient.SERVICE_METADATA_ID, new StreamsDynamodbServiceMetadata(),
                SnsClient.SERVICE_METADATA_ID, new SnsServiceMetadata(),
                SqsClient.SERVICE_METADATA_ID, new SqsServiceMetadata(),
                KinesisClient.SERVICE_METADATA_ID, new KinesisServiceMetadata());
        List<Region> regions = Region.regions().stream().filter(r -> !r.isGlobalRegion()).toList();
        assertThat(regions).contains(Region.US_EAST_1, Region.EU_WEST_1, Region.CN_NORTH_1, Region.US_GOV_WEST_1);
        generated.forEach((service, metadata) -> {
            for (Region region : regions) {
                URI expected = metadata.endpointFor(region);
                assertThat(ServiceMetadata.of(service).endpointFor(region)).as(service + " in " + region).isEqualTo(expected);
            }
        });
    }
}
