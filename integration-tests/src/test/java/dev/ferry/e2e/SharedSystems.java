package dev.ferry.e2e;

import dev.ferry.local.faults.FaultPlan;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The systems of one test run, shared by every test engine in the JVM: Jupiter classes get them through
 * {@link FerryExtension}, jqwik properties through the jqwik hook {@link FerrySystemHook}. Each starts on first use; all are
 * closed once, when the launcher session ends ({@link SharedSystemsCloser}), after the last engine ran. (The
 * Jupiter root context closed them before, but that ends with the Jupiter engine, and jqwik runs after it.)
 */
final class SharedSystems {

    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 4);

    private static Optional<URI> external;
    private static FerrySystem shared;
    private static FerrySystem faulty;
    /** What was started, closed in reverse: the systems before the container they run on. */
    private static final Deque<AutoCloseable> started = new ArrayDeque<>();

    private SharedSystems() {
    }

    /** The system every scenario shares (stage {@code e2e}), on {@code target}. */
    static synchronized FerrySystem shared(Target target) {
        if (shared == null) {
            String stage = stage("e2e", target);
            FaultPlan plan = FaultPlan.parse(FerryExtension.TELEMETRY_PLAN + ",functions:" + stage + "-Telemetry");
            shared = remember(FerrySystem.start(target, externalEndpoint(target), stage, plan, Optional.empty()));
        }
        return shared;
    }

    /** The system whose event-driven functions run under {@link FerryExtension#FAULTY_PLAN} (stage {@code e2f}). */
    static synchronized FerrySystem faulty(Target target) {
        if (faulty == null) {
            String stage = stage("e2f", target);
            String functions = FerryExtension.EVENT_DRIVEN_FUNCTIONS.stream().map(f -> stage + "-" + f).collect(Collectors.joining("|"));
            FaultPlan plan = FaultPlan.parse(FerryExtension.FAULTY_PLAN + ",functions:" + functions);
            faulty = remember(FerrySystem.start(target, externalEndpoint(target), stage, plan,
                    Optional.of(FerryExtension.FAULTY_VISIBILITY_SECONDS)));
        }
        return faulty;
    }

    /** Closes everything started, newest first; a failure to close one does not keep the others open. */
    static synchronized void closeAll() {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("e2e: could not close " + next + ": " + e);
            }
        }
        shared = null;
        faulty = null;
        external = null;
    }

    /** The endpoint of an external data plane; one LocalStack container serves both systems of a run. */
    private static Optional<URI> externalEndpoint(Target target) {
        if (external == null) {
            external = switch (target) {
                case Target.Embedded embedded -> Optional.empty();
                case Target.Endpoint endpoint -> Optional.of(endpoint.uri());
                case Target.LocalStack localStack -> Optional.of(remember(LocalStackContainer.start()).endpoint());
                case Target.Unavailable unavailable -> throw new IllegalStateException(unavailable.reason());
            };
        }
        return external;
    }

    /** External endpoints keep what earlier runs created: a stage of its own per run avoids name clashes. */
    private static String stage(String base, Target target) {
        return target.embedded() ? base : base + "-" + RUN_ID;
    }

    private static <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }
}
