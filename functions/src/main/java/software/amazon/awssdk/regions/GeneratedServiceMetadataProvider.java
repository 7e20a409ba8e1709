package software.amazon.awssdk.regions;

/**
 * Ferry's stand-in for the SDK's class of this name, in the functions jar only: no per-service metadata.
 *
 * <p>The SDK's own provider builds, in its static initialiser, one metadata object for each of the ~300 services AWS
 * has: ~300 classes, 0.7 MB of the functions jar, which cannot simply be left out (the first
 * {@code ServiceMetadata.of(...)} would fail to initialise the provider). The functions' clients (DynamoDB, SNS, SQS,
 * Kinesis) never ask for service metadata: they resolve their endpoints with their endpoint rules, and ShadedJarIT's
 * driver builds each of them as in AWS (no endpoint override) and signs a request with it, from the shaded jar. Should
 * anything ask, this provider knows no service and {@link ServiceMetadata#of(String)} answers with the SDK's
 * {@code DefaultServiceMetadata}, which derives {@code <service>.<region>.<partition's DNS suffix>} from the partition
 * metadata: the endpoints of these four services in every region ({@code LeanServiceMetadataTest} compares them with
 * the SDK's generated metadata). The shade plugin takes this class instead of the SDK's and leaves the generated
 * metadata classes out (functions/pom.xml).
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return null;
    }
}
