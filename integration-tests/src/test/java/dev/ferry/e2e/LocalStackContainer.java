package dev.ferry.e2e;

import java.net.URI;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in a container, for {@code FERRY_TARGET=localstack}. The image is {@code FERRY_LOCALSTACK_IMAGE}
 * (default {@code localstack/localstack:latest}); since 2026-03 it needs {@code LOCALSTACK_AUTH_TOKEN}, passed
 * through when set. Nothing here runs unless that target was chosen.
 */
final class LocalStackContainer implements AutoCloseable {

    static final String IMAGE_ENV = "FERRY_LOCALSTACK_IMAGE";
    static final String AUTH_TOKEN_ENV = "LOCALSTACK_AUTH_TOKEN";

    private final org.testcontainers.localstack.LocalStackContainer container;

    private LocalStackContainer(org.testcontainers.localstack.LocalStackContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static LocalStackContainer start() {
        String image = Optional.ofNullable(System.getenv(IMAGE_ENV)).filter(s -> !s.isBlank())
                .orElse("localstack/localstack:latest");
        var container = new org.testcontainers.localstack.LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("sqs", "sns", "dynamodb", "dynamodbstreams", "kinesis");
        Optional.ofNullable(System.getenv(AUTH_TOKEN_ENV)).filter(s -> !s.isBlank())
                .ifPresent(token -> container.withEnv(AUTH_TOKEN_ENV, token));
        container.start();
        return new LocalStackContainer(container);
    }

    URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public void close() {
        container.stop();
    }
}
