package dev.ferry.local.eventsource;

import dev.ferry.local.StreamActivity;
import dev.ferry.local.deployment.EventSourceMappingSpec;
import dev.ferry.local.lambda.LambdaRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The event source mappings of a runtime's deployment at work: one poller per enabled mapping, each handing its
 * batches to the runtime's functions, as Lambda's pollers do. The runtime knows nothing of them; {@code LocalSystem}
 * starts them around it and closes them before it.
 */
public final class MappingPollers implements AutoCloseable {
    private final LambdaRuntime runtime;
    private final List<EventSourceMapping> mappings;
    private volatile boolean closed;

    private MappingPollers(LambdaRuntime runtime, List<EventSourceMapping> mappings) {
        this.runtime = runtime;
        this.mappings = List.copyOf(mappings);
    }

    /**
     * Starts a poller for every enabled mapping of {@code runtime}'s deployment. With {@code streamActivity} (the embedded
     * data plane's, {@code LocalCloud.streamActivity()}) a stream reader whose shard was empty reads again as soon as
     * something is written; without it (an external endpoint) it polls at {@code RuntimeSettings.pollInterval()}.
     * A mapping whose function is not in the deployment, or whose source cannot be read, stops the start.
     */
    public static MappingPollers start(LambdaRuntime runtime, Optional<StreamActivity> streamActivity) {
        MappingServices services = new MappingServices(runtime, runtime.clients(), runtime.destinations(),
                runtime.settings(), runtime.faultInjector(), streamActivity);
        List<EventSourceMapping> started = new ArrayList<>();
        try {
            for (EventSourceMappingSpec spec : runtime.deployment().eventSourceMappings()) {
                if (spec.enabled()) {
                    runtime.functionName(spec.functionArn()); // names the deployment's functions when it is not one
                    started.add(EventSourceMappings.start(spec, services));
                }
            }
        } catch (RuntimeException e) {
            started.forEach(EventSourceMapping::close);
            throw e;
        }
        return new MappingPollers(runtime, started);
    }

    public List<MappingStats> stats() {
        return mappings.stream().map(EventSourceMapping::stats).toList();
    }

    /** The counters with their peaks (batches at once, oldest record) taken from {@code since} until now. */
    public List<MappingStats> stats(Instant since) {
        return mappings.stream().map(m -> m.stats(since)).toList();
    }

    /** One line per running mapping: its kind, source and function. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (EventSourceMapping m : mappings) {
            sb.append("mapping  ").append(m.spec().kind()).append(' ').append(m.spec().eventSourceArn())
                    .append(" -> ").append(runtime.functionName(m.spec().functionArn())).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** Stops every poller; a batch in flight finishes first. Safe to call twice. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        mappings.forEach(EventSourceMapping::close);
    }
}
