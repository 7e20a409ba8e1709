package dev.ferry.local.lambda;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Chooses the (de)serializer for a handler's input or output type as Lambda's Java runtime does: the
 * aws-lambda-java-events classes through {@link LambdaEventSerializers} (their mixins resolved in the
 * function's class loader), everything else through the runtime's Jackson.
 */
final class Serializers {
    private Serializers() {}

    @SuppressWarnings("unchecked")
    static PojoSerializer<Object> forType(Type type, ClassLoader functionLoader) {
        Class<?> raw = raw(type);
        if (raw != null && LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, functionLoader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
