package dev.ferry.idempotency;

/**
 * What an effect run under a claimed key says about itself: whether its result is to be remembered for
 * the key ({@link Keep}) or the key given back so that a retry runs the effect again ({@link Discard}).
 *
 * @param <T> what the effect hands back to its caller (an HTTP response, a message outcome, ...)
 */
public sealed interface Attempt<T> {

    /** What the caller gets back from this run. */
    T value();

    /** The effect is done: remember {@code stored} for the key, so repeats replay it instead of running again. */
    record Keep<T>(T value, String stored) implements Attempt<T> {
    }

    /** The effect did not happen (or may be tried again): release the key so a retry can run it. */
    record Discard<T>(T value, String reason) implements Attempt<T> {
    }

    static <T> Attempt<T> keep(T value, String stored) {
        return new Keep<>(value, stored);
    }

    static <T> Attempt<T> discard(T value, String reason) {
        return new Discard<>(value, reason);
    }
}
