package dev.ferry.local.eventsource;

import dev.ferry.local.StreamActivity;
import dev.ferry.local.faults.Fault;
import dev.ferry.local.faults.FaultInjector;
import dev.ferry.local.lambda.AwsClients;
import dev.ferry.local.lambda.Destinations;
import dev.ferry.local.lambda.FunctionInvoker;
import dev.ferry.local.lambda.InvocationSource;
import dev.ferry.local.lambda.InvokeResult;
import dev.ferry.local.lambda.RuntimeSettings;
import java.util.List;
import java.util.Optional;

/**
 * What every poller uses: the runtime to invoke, AWS clients, destinations, timing, the fault injector and, with the
 * embedded data plane, where it reports new stream records (the stream pollers then wait for writes, not for time).
 */
public record MappingServices(FunctionInvoker invoker, AwsClients clients, Destinations destinations,
                              RuntimeSettings settings, FaultInjector faults, Optional<StreamActivity> streamActivity) {

    public MappingServices(FunctionInvoker invoker, AwsClients clients, Destinations destinations, RuntimeSettings settings,
                           FaultInjector faults) {
        this(invoker, clients, destinations, settings, faults, Optional.empty());
    }

    /**
     * Invokes the function with one batch; when the fault injector says so, delivers the very same batch a
     * second time (as an at-least-once source may), and returns every outcome.
     */
    List<InvokeResult> deliver(String functionArn, String functionName, byte[] event) {
        InvokeResult first = invoker.invoke(functionArn, event, InvocationSource.EVENT_SOURCE_MAPPING);
        if (faults.inject(Fault.DUPLICATE, functionName)) {
            InvokeResult second = invoker.invoke(functionArn, event, InvocationSource.EVENT_SOURCE_MAPPING);
            return List.of(first, second);
        }
        return List.of(first);
    }

    void log(String mapping, String message) {
        settings.log().println("[esm " + mapping + "] " + message);
    }
}
