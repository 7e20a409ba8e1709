package dev.ferry.local.lambda.api;

import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.lambda.InvokeResult;
import java.util.List;

/** What the Lambda API serves: the functions and mappings of a deployment, and the runtime that runs them. */
public interface LambdaApiBackend {

    List<FunctionSpec> functions();

    List<EventSourceMappingSpec> eventSourceMappings();

    /** InvocationType RequestResponse: runs the function now and returns how it ended. */
    InvokeResult invoke(FunctionSpec function, byte[] payload);

    /** InvocationType Event: queues the event for Lambda's asynchronous invocation; returns its request id. */
    String invokeAsync(FunctionSpec function, byte[] payload);

    /** The largest payload of an InvocationType Event request, in bytes. */
    int asyncPayloadLimit();

    /** The region functions run in, for the ARNs of messages about functions named without one. */
    String region();

    /** The account functions belong to, likewise. */
    String account();
}
