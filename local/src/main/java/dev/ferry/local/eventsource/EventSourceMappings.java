package dev.ferry.local.eventsource;

import dev.ferry.local.deployment.EventSourceMappingSpec;

/** Starts the poller of a mapping spec. */
public final class EventSourceMappings {
    private EventSourceMappings() {}

    /** Starts polling; the mapping must be closed. Disabled mappings are the caller's to skip. */
    public static EventSourceMapping start(EventSourceMappingSpec spec, MappingServices services) {
        try {
            return startPoller(spec, services);
        } catch (RuntimeException e) {
            throw new IllegalStateException("event source mapping " + spec.logicalId() + " (" + spec.kind() + " "
                    + spec.eventSourceArn() + " -> " + spec.functionArn() + ") could not start: " + e.getMessage()
                    + ". Is the source provisioned on the endpoint the runtime was given?", e);
        }
    }

    private static EventSourceMapping startPoller(EventSourceMappingSpec spec, MappingServices services) {
        return switch (spec.kind()) {
            case SQS -> {
                SqsPoller p = new SqsPoller(spec, services);
                p.start();
                yield p;
            }
            case KINESIS -> {
                StreamPoller p = new StreamPoller(spec, services, new KinesisSource(services.clients().kinesis(), spec.eventSourceArn()));
                p.start();
                yield p;
            }
            case DYNAMODB_STREAMS -> {
                StreamPoller p = new StreamPoller(spec, services,
                        new DynamoDbStreamSource(services.clients().dynamoDbStreams(), spec.eventSourceArn()));
                p.start();
                yield p;
            }
        };
    }
}
