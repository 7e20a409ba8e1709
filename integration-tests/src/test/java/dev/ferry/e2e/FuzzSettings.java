package dev.ferry.e2e;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets a run choose the seed and the number of tries of a property without editing it:
 * {@code -Dferry.fuzz.seed=<seed>} (the one a failure report printed), {@code -Dferry.fuzz.tries=<n>}, and
 * {@code -Dferry.fuzz.survey=true} (see {@link ApiFuzzIT}).
 * Prints what the property runs with, so that every log names its seed.
 */
final class FuzzSettings implements AroundPropertyHook {

    static final String SEED = "ferry.fuzz.seed";
    static final String TRIES = "ferry.fuzz.tries";
    static final String SURVEY = "ferry.fuzz.survey";

    /** Whether the run lists every broken rule instead of stopping at the first request that breaks one. */
    static boolean survey() {
        return Boolean.parseBoolean(System.getProperty(SURVEY, "false"));
    }

    /** Registered on a class, it applies to the class's properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty(SEED, "").strip();
        if (!seed.isEmpty()) {
            context.attributes().setSeed(seed);
        }
        String tries = System.getProperty(TRIES, "").strip();
        if (!tries.isEmpty()) {
            try {
                context.attributes().setTries(Integer.parseInt(tries));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + TRIES + " must be a number of tries, not '" + tries + "'", e);
            }
        }
        System.out.printf("fuzz: %s with seed %s, %s tries (rerun: -D%s=<seed>)%n", context.label(),
                context.attributes().seed().orElse("(random)"), context.attributes().tries().map(String::valueOf).orElse("default"), SEED);
        long started = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        System.out.printf("fuzz: %s %s with seed %s in %d ms%n", context.label(), result.status(), result.seed().orElse("?"),
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }
}
