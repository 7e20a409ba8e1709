package dev.ferry.e2e;

import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * {@link FerryExtension} for jqwik: gives a property's lifecycle methods the shared {@link FerrySystem}
 * (the same one the Jupiter scenarios use), and skips the properties with the reason when the chosen
 * {@link Target} cannot run here.
 */
final class FerrySystemHook implements ResolveParameterHook, SkipExecutionHook {

    private static final Target TARGET = Target.fromEnvironment();

    /** Registered on a class, it serves the class's properties too. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (TARGET instanceof Target.Unavailable unavailable) {
            System.out.println("e2e: skipped: " + unavailable.reason());
            return SkipResult.skip(unavailable.reason());
        }
        return SkipResult.doNotSkip();
    }

    @Override
    public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter, LifecycleContext context) {
        if (parameter.typeUsage().isOfType(FerrySystem.class)) {
            return Optional.of(tryContext -> SharedSystems.shared(TARGET));
        }
        return Optional.empty();
    }
}
