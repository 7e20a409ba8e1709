package dev.ferry.local.console;

import dev.ferry.local.dynamodb.faults.DynamoDbFaults;
import dev.ferry.local.eventsource.MappingPollers;
import dev.ferry.local.lambda.LambdaRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console reads and drives: the running runtime (its deployment, counters and fault switches), the event
 * source mappings' pollers (their counters), the
 * invocations it recorded, the app's resources, the data plane's endpoints, {@code ferry dlq}'s dead-letter logic,
 * the functions' log directory, the DynamoDB emulator's faults (embedded data plane only), and where a cost report
 * may be served.
 *
 * @param resources   physical names by kind ({@code tables}, {@code queues}, {@code topics}, {@code streams})
 * @param environment endpoints, region and credentials of the data plane ({@code AWS_ENDPOINT_URL_SQS}, ...)
 * @param logs        the directory of {@code <function>.log} files, when the functions' output goes to files
 * @param cost        a JSON cost report ({@code GET /cost} on the statistics port), shown when it answers
 */
public record ConsoleSources(LambdaRuntime runtime, MappingPollers mappings, InvocationRecorder recorder, Map<String, List<String>> resources,
                             Map<String, String> environment, DeadLetters deadLetters, Optional<Path> logs, Optional<URI> cost,
                             Optional<DynamoDbFaults> dynamoDbFaults) {
    public ConsoleSources {
        resources = Map.copyOf(resources);
        environment = Map.copyOf(environment);
    }
}
