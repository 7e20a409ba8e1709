package dev.ferry.local.faults;

import dev.ferry.local.faults.outage.Outage;
import dev.ferry.local.faults.outage.OutageCounters;
import dev.ferry.local.faults.outage.OutageService;
import dev.ferry.local.faults.outage.Outages;
import java.util.List;
import java.util.function.Supplier;

/**
 * The fault injector of a running system, as a test drives it: the plan it started with, what was injected
 * into invocations, and the outages the functions' calls meet, switched on and off at run time.
 *
 * <pre>{@code
 * FaultControls faults = system.faults();
 * try (var outage = faults.startOutage(Outage.of(SNS, KINESIS).onlyFor("e2e-OutboxRelay"))) {
 *     ... // the relay cannot publish; the API functions work
 *     await().until(() -> faults.outageCounters().failedRequests("e2e-OutboxRelay") > 20);
 * }
 * }</pre>
 */
public final class FaultControls {
    private final FaultPlan plan;
    private final Supplier<FaultCounters> injected;
    private final Outages outages;

    public FaultControls(FaultPlan plan, Supplier<FaultCounters> injected, Outages outages) {
        this.plan = plan;
        this.injected = injected;
        this.outages = outages;
    }

    public FaultPlan plan() {
        return plan;
    }

    /** Duplicates, crashes and throttles injected into invocations so far. */
    public FaultCounters injected() {
        return injected.get();
    }

    /**
     * Starts an outage now; it lasts until {@link Outages.Running#end()} or {@link #endOutage}. The services
     * must be routed through the outage proxy by the plan ({@code outage-switch:sns|kinesis}), else this is an
     * {@link IllegalStateException} saying so.
     */
    public Outages.Running startOutage(Outage outage) {
        return outages.start(outage);
    }

    /** The services unavailable (HTTP 503) for every function, from now. */
    public Outages.Running startOutage(OutageService first, OutageService... more) {
        return outages.start(Outage.of(first, more));
    }

    /** Ends the outages of these services. */
    public void endOutage(OutageService... services) {
        outages.end(services);
    }

    public void endAllOutages() {
        outages.endAll();
    }

    public List<Outage> activeOutages() {
        return outages.active();
    }

    /** Requests the outage proxies failed and forwarded, per function, service and operation. */
    public OutageCounters outageCounters() {
        return outages.counters();
    }

    public Outages outages() {
        return outages;
    }
}
