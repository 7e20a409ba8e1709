package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** How {@code FERRY_TARGET} picks where the suite runs, and that the default never asks Docker. */
class TargetSelectionTest {

    private static final BooleanSupplier DOCKER_MUST_NOT_BE_ASKED = () -> {
        throw new AssertionError("Docker was probed although the target does not need it");
    };

    @Test
    void withoutFerryTargetTheEmbeddedCloudIsUsedAndDockerIsNeverAsked() {
        assertThat(Target.select(Map.of(), DOCKER_MUST_NOT_BE_ASKED)).isEqualTo(new Target.Embedded());
        assertThat(Target.select(Map.of("FERRY_TARGET", "embedded"), DOCKER_MUST_NOT_BE_ASKED)).isEqualTo(new Target.Embedded());
    }

    @Test
    void endpointTargetUsesAwsEndpointUrl() {
        Target target = Target.select(Map.of("FERRY_TARGET", "endpoint", "AWS_ENDPOINT_URL", "http://localhost:4566"),
                DOCKER_MUST_NOT_BE_ASKED);

        assertThat(target).isEqualTo(new Target.Endpoint(URI.create("http://localhost:4566")));
    }

    @Test
    void endpointTargetWithoutAwsEndpointUrlIsSkippedWithTheReason() {
        Target target = Target.select(Map.of("FERRY_TARGET", "endpoint"), DOCKER_MUST_NOT_BE_ASKED);

        assertThat(target).isInstanceOfSatisfying(Target.Unavailable.class,
                u -> assertThat(u.reason()).contains("AWS_ENDPOINT_URL"));
    }

    @Test
    void localStackTargetWithoutDockerIsSkippedWithTheReason() {
        Target target = Target.select(Map.of("FERRY_TARGET", "localstack"), () -> false);

        assertThat(target).isInstanceOfSatisfying(Target.Unavailable.class,
                u -> assertThat(u.reason()).contains("Docker").contains("FERRY_TARGET=endpoint"));
    }

    @Test
    void localStackTargetWithDockerStartsLocalStack() {
        assertThat(Target.select(Map.of("FERRY_TARGET", "LocalStack"), () -> true)).isEqualTo(new Target.LocalStack());
    }

    @Test
    void unknownTargetIsSkippedNamingTheChoices() {
        Target target = Target.select(Map.of("FERRY_TARGET", "floci"), DOCKER_MUST_NOT_BE_ASKED);

        assertThat(target).isInstanceOfSatisfying(Target.Unavailable.class,
                u -> assertThat(u.reason()).contains("embedded, endpoint or localstack"));
    }
}
