package dev.ferry.testing;

import dev.ferry.local.dynamodb.faults.DynamoDbFaults;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Ferry's local DynamoDB with one client whose requests are counted ({@link RequestMeter}) and can be
 * made to fail around a chosen operation ({@link FaultInjector}): the setup of tests that assert what an
 * operation costs and what it survives. Start one per test class; {@link #reset()} before each test.
 */
public final class MeteredDynamoDb implements AutoCloseable {

    private final LocalDynamoDb local;
    private final RequestMeter meter = new RequestMeter();
    private final FaultInjector faults = new FaultInjector();
    private final DynamoDbClient client;

    private MeteredDynamoDb(LocalDynamoDb local) {
        this.local = local;
        this.client = local.client(faults, meter);
    }

    public static MeteredDynamoDb start() {
        return new MeteredDynamoDb(LocalDynamoDb.start());
    }

    /** The emulator itself, for creating tables and for unmetered reads and writes through its admin client. */
    public LocalDynamoDb local() {
        return local;
    }

    /** The metered, fault-injecting client: hand it to the code under test. */
    public DynamoDbClient client() {
        return client;
    }

    public RequestMeter meter() {
        return meter;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** The emulator's own faults: transaction conflicts, throttling and transaction holds as DynamoDB raises them. */
    public DynamoDbFaults dynamoDbFaults() {
        return local.emulator().faults();
    }

    /** Disarms any pending fault (client-side and in the emulator) and zeroes the meter, so that a test sees only its own requests. */
    public void reset() {
        faults.disarm();
        dynamoDbFaults().clear();
        meter.reset();
    }

    @Override
    public void close() {
        client.close();
        local.close();
    }
}
