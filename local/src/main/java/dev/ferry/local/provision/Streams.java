package dev.ferry.local.provision;

import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** {@code AWS::Kinesis::Stream} through CreateStream, waiting until it is ACTIVE as CloudFormation does. */
final class Streams {

    private static final int NAME_LIMIT = 128;
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);

    private final AwsClients clients;
    private final ProvisionLog log;

    Streams(AwsClients clients, ProvisionLog log) {
        this.clients = clients;
        this.log = log;
    }

    ResourceState provision(Resource resource) {
        Props p = resource.properties();
        String name = p.string("Name").orElseGet(() -> PhysicalNames.generate(
                resource.stack().stackName(), resource.logicalId(), NAME_LIMIT, ""));
        boolean onDemand = "ON_DEMAND".equals(p.child("StreamModeDetails").string("StreamMode").orElse("PROVISIONED"));
        int shards = p.integer("ShardCount").orElse(1);
        KinesisClient kinesis = clients.kinesis("stream " + resource.describe());
        boolean created = true;
        try {
            kinesis.createStream(b -> {
                b.streamName(name);
                if (onDemand) {
                    b.streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND));
                } else {
                    b.shardCount(shards);
                }
            });
        } catch (ResourceInUseException exists) {
            created = false;
        }
        StreamDescriptionSummary stream = waitActive(kinesis, name, resource);
        int retention = p.integer("RetentionPeriodHours").orElse(24);
        if (created && retention > stream.retentionPeriodHours()) {
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(retention));
            waitActive(kinesis, name, resource);
        }
        if (p.has("StreamEncryption")) {
            log.note("stream encryption is not applied locally");
        }
        log.provisioned(resource, name, created);
        return ResourceState.of(name, "Arn", stream.streamARN());
    }

    private static StreamDescriptionSummary waitActive(KinesisClient kinesis, String name, Resource resource) {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        long pauseMs = 10; // 10, 20, 40 ... 200 ms between the questions, as for tables
        while (true) {
            StreamDescriptionSummary stream = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            if (stream.streamStatus() == StreamStatus.ACTIVE) {
                return stream;
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException(resource.describe() + ": stream " + name + " is still "
                        + stream.streamStatus() + " after " + ACTIVE_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(pauseMs);
                pauseMs = Math.min(pauseMs * 2, 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while waiting for stream " + name + " to become ACTIVE", e);
            }
        }
    }
}
