package dev.ferry.local.conformance;

import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a conformance target and its client as test parameters, from one target per test run: the
 * target is created on first use and closed by JUnit when the run ends. Subclass it with a no-argument
 * constructor for {@code @ExtendWith}.
 */
public abstract class SharedTargetExtension<T extends AutoCloseable, C> implements ParameterResolver {

    private final Class<T> targetType;
    private final Class<C> clientType;
    private final Supplier<T> create;
    private final Function<T, C> clientOf;

    protected SharedTargetExtension(Class<T> targetType, Class<C> clientType, Supplier<T> create, Function<T, C> clientOf) {
        this.targetType = targetType;
        this.clientType = clientType;
        this.create = create;
        this.clientOf = clientOf;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == targetType || type == clientType;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        T target = context.getRoot().getStore(ExtensionContext.Namespace.create(targetType))
                .getOrComputeIfAbsent(targetType, key -> create.get(), targetType);
        return parameter.getParameter().getType() == clientType ? clientOf.apply(target) : target;
    }
}
