package dev.ferry.testing;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Simulates a crash around one DynamoDB request: either before it is sent (nothing happened) or after it
 * was executed but before the caller saw the answer (it happened; the caller cannot know).
 */
public final class FaultInjector implements ExecutionInterceptor {

    public enum Phase { BEFORE_SEND, AFTER_EXECUTION }

    public static final class InjectedFault extends RuntimeException {
        public InjectedFault(String message) {
            super(message);
        }
    }

    private volatile String operation;
    private volatile Phase phase;
    private final AtomicInteger remaining = new AtomicInteger();

    /** The next call of {@code op} fails at {@code at}. */
    public void arm(String op, Phase at) {
        this.operation = op;
        this.phase = at;
        remaining.set(1);
    }

    public void disarm() {
        remaining.set(0);
    }

    public boolean fired() {
        return remaining.get() == 0 && operation != null;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        maybeFail(Phase.BEFORE_SEND, attributes);
    }

    @Override
    public void beforeUnmarshalling(Context.BeforeUnmarshalling context, ExecutionAttributes attributes) {
        maybeFail(Phase.AFTER_EXECUTION, attributes);
    }

    private void maybeFail(Phase now, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (now == phase && op.equals(operation) && remaining.get() > 0 && remaining.decrementAndGet() == 0) {
            throw new InjectedFault("injected crash " + (now == Phase.BEFORE_SEND ? "before sending " : "after executing ") + op);
        }
    }
}
