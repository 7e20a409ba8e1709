package dev.ferry.local.deployment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One {@code AWS::Lambda::Function}, resolved.
 *
 * @param logicalId           the resource's logical id in its stack
 * @param functionName        the physical name (the template's, or one generated as CloudFormation would)
 * @param arn                 {@code arn:aws:lambda:<region>:<account>:function:<name>}
 * @param handler             the handler string, e.g. {@code dev.ferry.functions.orders.OrdersApiHandler}
 *                            or {@code com.example.Handler::handle}
 * @param runtime             e.g. {@code java21}
 * @param code                the asset: a jar/zip file or an unpacked directory
 * @param memoryMb            MemorySize (default 128)
 * @param timeout             Timeout (default 3 s)
 * @param environment         the template's Environment.Variables, intrinsics resolved
 * @param reservedConcurrency ReservedConcurrentExecutions when set
 * @param async               the function's EventInvokeConfig (defaults: 2 retries, 6 h, no destinations)
 */
public record FunctionSpec(
        String logicalId,
        String functionName,
        String arn,
        String handler,
        String runtime,
        Path code,
        int memoryMb,
        Duration timeout,
        Map<String, String> environment,
        OptionalInt reservedConcurrency,
        AsyncInvokeConfig async) {

    public FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
