package dev.ferry.local.lambda;

import java.util.Optional;

/**
 * Which function the current thread writes for, so that what a function prints can be kept apart from the rest
 * of the process (e.g. a log file per function): a thread runs a function's code when its context class loader is
 * the function's (the runtime sets it for init and every invocation, and threads the function starts inherit it),
 * and the runtime's own lines about a function (its {@code LambdaLogger}, init and timeout reports) are written
 * inside {@link #writingFor}.
 */
public final class FunctionThreads {
    private static final ThreadLocal<String> WRITING_FOR = new ThreadLocal<>();

    private FunctionThreads() {
    }

    /** The name of the function the current thread writes for, or empty for the runtime's and the emulators' threads. */
    public static Optional<String> currentFunction() {
        String scoped = WRITING_FOR.get();
        if (scoped != null) return Optional.of(scoped);
        return Thread.currentThread().getContextClassLoader() instanceof FunctionClassLoader loader
                ? Optional.of(loader.functionName()) : Optional.empty();
    }

    /** Runs {@code write} as the function's own output. */
    static void writingFor(String functionName, Runnable write) {
        String previous = WRITING_FOR.get();
        WRITING_FOR.set(functionName);
        try {
            write.run();
        } finally {
            if (previous == null) WRITING_FOR.remove(); else WRITING_FOR.set(previous);
        }
    }
}
