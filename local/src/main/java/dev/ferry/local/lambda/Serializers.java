package dev.ferry.local.lambda;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * The (de)serializers of one function, chosen as Lambda's Java runtime chooses them: the
 * aws-lambda-java-events classes through {@code LambdaEventSerializers} (their mixins resolved in the
 * function's class loader), everything else through the library's Jackson.
 *
 * <p>Each function gets its own copy of aws-lambda-java-serialization, loaded in a class loader of its
 * own: the library caches the event classes it resolved in statics, which is right on Lambda (one
 * function per JVM) and wrong in one JVM running many functions, each with its own copy of the event
 * classes. The copy is reached reflectively, through {@link EventSerializer}.
 */
final class Serializers implements AutoCloseable {
    private static final String EVENTS = "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";
    private static final String JACKSON = "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory";
    private static final String POJO = "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer";

    /** A serializer of the function's copy of the library. */
    interface EventSerializer {
        Object fromJson(InputStream in) throws Throwable;

        void toJson(Object value, OutputStream out) throws Throwable;
    }

    private final FunctionClassLoader libraryLoader;
    private final ClassLoader functionLoader;
    private final Method isSupported;
    private final Method serializerFor;
    private final Object jackson;
    private final Method jacksonForType;
    private final Method fromJson;
    private final Method toJson;

    Serializers(String functionName, ClassLoader functionLoader) throws ReflectiveOperationException {
        this.functionLoader = functionLoader;
        this.libraryLoader = new FunctionClassLoader("serialization:" + functionName, List.of(libraryJar()),
                Serializers.class.getClassLoader());
        Class<?> events = Class.forName(EVENTS, true, libraryLoader);
        this.isSupported = events.getMethod("isLambdaSupportedEvent", String.class);
        this.serializerFor = events.getMethod("serializerFor", Class.class, ClassLoader.class);
        Class<?> jacksonFactory = Class.forName(JACKSON, true, libraryLoader);
        this.jackson = jacksonFactory.getMethod("getInstance").invoke(null);
        this.jacksonForType = jacksonFactory.getMethod("getSerializer", Type.class);
        Class<?> pojo = Class.forName(POJO, true, libraryLoader);
        this.fromJson = pojo.getMethod("fromJson", InputStream.class);
        this.toJson = pojo.getMethod("toJson", Object.class, OutputStream.class);
    }

    private static URL libraryJar() {
        try {
            return Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toUri().toURL();
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("cannot locate aws-lambda-java-serialization: " + e.getMessage(), e);
        }
    }

    EventSerializer forType(Type type) throws Throwable {
        Class<?> raw = raw(type);
        Object serializer;
        try {
            if (raw != null && (boolean) isSupported.invoke(null, raw.getName())) {
                serializer = serializerFor.invoke(null, raw, functionLoader);
            } else {
                serializer = jacksonForType.invoke(jackson, type);
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        Object s = serializer;
        return new EventSerializer() {
            @Override
            public Object fromJson(InputStream in) throws Throwable {
                try {
                    return fromJson.invoke(s, in);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void toJson(Object value, OutputStream out) throws Throwable {
                try {
                    toJson.invoke(s, value, out);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
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

    @Override
    public void close() {
        try {
            libraryLoader.close();
        } catch (java.io.IOException ignored) {
            // an open jar file; nothing else to release
        }
    }
}
