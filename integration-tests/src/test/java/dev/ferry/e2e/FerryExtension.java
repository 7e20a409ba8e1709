package dev.ferry.e2e;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link FerrySystem}: one shared system for the whole run (started on first use, closed when
 * the run ends, see {@link SharedSystems}) and, for parameters marked {@link WithFaults}, a second one whose
 * event-driven functions run under the fault injector. When the chosen {@link Target} cannot run here, every
 * test is skipped with the reason.
 */
final class FerryExtension implements BeforeAllCallback, ParameterResolver {

    /**
     * Every event-driven delivery of the workflow's functions is made twice, and one invocation in twenty
     * crashes before its handler runs, one in twenty after its side effects (Telemetry is left out: it is
     * at-most-once by design and has its own scenario). The rates stay low enough that no message fails the
     * five receives after which its queue's redrive policy would move it to the DLQ (a batch fails when
     * either of its two deliveries crashes: 0.19 per receive, 0.19^5 = 0.00025 per batch).
     */
    static final String FAULTY_PLAN = "duplicate:1.0,crash-before:0.05,crash-after:0.05,seed:42";

    /**
     * The shared system injects crashes into Telemetry alone (no other function is affected), so that the
     * at-most-once scenario can show lost events being counted, never retried; and it routes the functions'
     * SNS and Kinesis calls through the outage proxy, so that the outbox scenario can switch an outage on.
     */
    static final String TELEMETRY_PLAN = "crash-before:0.25,crash-after:0.25,seed:7,outage-switch:sns|kinesis";

    /** The functions behind queues and streams (docs/architecture.md), Telemetry aside. */
    static final List<String> EVENT_DRIVEN_FUNCTIONS = List.of("OutboxRelay", "PaymentsConsumer", "OrdersConsumer",
            "Notifications", "DepositWorker", "Analytics", "Audit");

    /** Visibility timeout of the faulty system's consumer queues: a crashed batch is back in seconds. */
    static final int FAULTY_VISIBILITY_SECONDS = 5;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FerryExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (target(context) instanceof Target.Unavailable unavailable) {
            System.out.println("e2e: skipped: " + unavailable.reason());
            Assumptions.abort(unavailable.reason());
        }
    }

    /** Chosen once per run (the root context), so every class sees the same target. */
    static Target target(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("target", key -> Target.fromEnvironment(), Target.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == FerrySystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Target target = target(extension);
        return parameter.isAnnotated(WithFaults.class) ? SharedSystems.faulty(target) : SharedSystems.shared(target);
    }
}
