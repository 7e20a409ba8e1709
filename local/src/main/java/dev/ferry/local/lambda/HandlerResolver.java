package dev.ferry.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a handler string ({@code pkg.Class} or {@code pkg.Class::method}) into a {@link LoadedHandler},
 * following the rules of Lambda's Java runtime: a bare class implements RequestStreamHandler or
 * RequestHandler with concrete type parameters; a named method is chosen among the public overloads,
 * non-bridge first, then the longest signature (a trailing Context counting one extra).
 *
 * <p>Where Lambda calls the public no-argument constructor, this runtime first looks for a public
 * constructor taking one {@code Map} and passes the function's environment: Ferry's handlers never read
 * {@code System.getenv()}, so that every function of one JVM sees only its own environment.
 */
final class HandlerResolver {
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private HandlerResolver() {}

    static LoadedHandler resolve(String handler, ClassLoader loader, Serializers serializers, Map<String, String> env)
            throws InitFailure {
        String className = handler;
        Optional<String> methodName = Optional.empty();
        int sep = handler.indexOf("::");
        if (sep >= 0) {
            className = handler.substring(0, sep);
            methodName = Optional.of(handler.substring(sep + 2));
        }
        if (className.isBlank() || methodName.map(String::isBlank).orElse(false)) {
            throw InitFailure.of("java.lang.IllegalArgumentException",
                    "Invalid handler '" + handler + "': use package.Class or package.Class::method");
        }
        Class<?> clazz;
        try {
            clazz = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw InitFailure.of("java.lang.ClassNotFoundException", "Class not found: " + className);
        } catch (ExceptionInInitializerError e) {
            throw InitFailure.of(e.getCause() == null ? e : e.getCause());
        } catch (LinkageError e) {
            throw InitFailure.of(e);
        }
        if (methodName.isEmpty()) {
            return classHandler(clazz, serializers, env);
        }
        return methodHandler(clazz, methodName.get(), serializers, env);
    }

    private static LoadedHandler classHandler(Class<?> clazz, Serializers loader, Map<String, String> env) throws InitFailure {
        if (RequestStreamHandler.class.isAssignableFrom(clazz)) {
            RequestStreamHandler h = (RequestStreamHandler) instantiate(clazz, env);
            return h::handleRequest;
        }
        if (RequestHandler.class.isAssignableFrom(clazz)) {
            Type[] params = typeArguments(clazz, RequestHandler.class);
            if (params == null) {
                throw InitFailure.of("java.lang.IllegalArgumentException",
                        "Class " + clazz.getName() + " does not implement RequestHandler with concrete type parameters");
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> h = (RequestHandler<Object, Object>) instantiate(clazz, env);
            return pojo(params[0], params[1], loader, h::handleRequest);
        }
        throw InitFailure.of("java.lang.IllegalArgumentException",
                "Class does not implement an appropriate handler interface: " + clazz.getName());
    }

    private static LoadedHandler methodHandler(Class<?> clazz, String name, Serializers loader, Map<String, String> env)
            throws InitFailure {
        Method[] candidates;
        try {
            candidates = Arrays.stream(clazz.getMethods()).filter(m -> m.getName().equals(name))
                    .sorted(PRIORITY).toArray(Method[]::new);
        } catch (NoClassDefFoundError e) {
            throw InitFailure.of(e);
        }
        for (Method m : candidates) {
            Optional<LoadedHandler> h = forSignature(clazz, m, loader, env);
            if (h.isPresent()) {
                return h.get();
            }
        }
        throw InitFailure.of("java.lang.IllegalArgumentException", "No public method named " + name
                + " with appropriate method signature found on class " + clazz.getName());
    }

    private static final Comparator<Method> PRIORITY = Comparator
            .comparing(Method::isBridge)
            .thenComparing(m -> -(m.getParameterCount() + (lastIsContext(m) ? 1 : 0)));

    private static boolean lastIsContext(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return p.length > 0 && p[p.length - 1] == Context.class;
    }

    private static Optional<LoadedHandler> forSignature(Class<?> clazz, Method m, Serializers loader,
                                                        Map<String, String> env) throws InitFailure {
        Type[] p = m.getGenericParameterTypes();
        Type ret = m.getGenericReturnType();
        boolean in0 = p.length > 0 && p[0] == InputStream.class;
        boolean out0 = p.length > 0 && p[0] == OutputStream.class;
        boolean ctx0 = p.length > 0 && p[0] == Context.class;
        switch (p.length) {
            case 0 -> {
                return Optional.of(pojoMethod(clazz, m, null, ret, false, loader, env));
            }
            case 1 -> {
                if (in0 || out0) {
                    return Optional.of(streamMethod(clazz, m, in0, out0, false, env));
                }
                return Optional.of(ctx0 ? pojoMethod(clazz, m, null, ret, true, loader, env)
                        : pojoMethod(clazz, m, p[0], ret, false, loader, env));
            }
            case 2 -> {
                if (out0) {
                    return p[1] == Context.class ? Optional.of(streamMethod(clazz, m, false, true, true, env)) : Optional.empty();
                }
                if (ctx0) {
                    return Optional.empty();
                }
                if (in0) {
                    if (p[1] == OutputStream.class) {
                        return Optional.of(streamMethod(clazz, m, true, true, false, env));
                    }
                    return p[1] == Context.class ? Optional.of(streamMethod(clazz, m, true, false, true, env)) : Optional.empty();
                }
                return p[1] == Context.class ? Optional.of(pojoMethod(clazz, m, p[0], ret, true, loader, env)) : Optional.empty();
            }
            case 3 -> {
                if (in0 && p[1] == OutputStream.class && p[2] == Context.class) {
                    return Optional.of(streamMethod(clazz, m, true, true, true, env));
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static LoadedHandler streamMethod(Class<?> clazz, Method m, boolean in, boolean out, boolean ctx,
                                              Map<String, String> env) throws InitFailure {
        Object target = Modifier.isStatic(m.getModifiers()) ? null : instantiate(clazz, env);
        return (input, output, context) -> {
            Object[] args = new Object[(in ? 1 : 0) + (out ? 1 : 0) + (ctx ? 1 : 0)];
            int i = 0;
            if (in) {
                args[i++] = input;
            }
            if (out) {
                args[i++] = output;
            }
            if (ctx) {
                args[i] = context;
            }
            call(m, target, args);
        };
    }

    private static LoadedHandler pojoMethod(Class<?> clazz, Method m, Type input, Type ret, boolean ctx,
                                            Serializers loader, Map<String, String> env) throws InitFailure {
        Object target = Modifier.isStatic(m.getModifiers()) ? null : instantiate(clazz, env);
        PojoCall call = (event, context) -> {
            Object[] args = new Object[(input != null ? 1 : 0) + (ctx ? 1 : 0)];
            int i = 0;
            if (input != null) {
                args[i++] = event;
            }
            if (ctx) {
                args[i] = context;
            }
            return call(m, target, args);
        };
        return pojo(input, ret, loader, call);
    }

    @FunctionalInterface
    private interface PojoCall {
        Object call(Object input, Context context) throws Throwable;
    }

    /** The runtime's "POJO handler as stream handler": deserialize, call, serialize. */
    private static LoadedHandler pojo(Type inputType, Type outputType, Serializers serializers, PojoCall call)
            throws InitFailure {
        Serializers.EventSerializer in;
        Serializers.EventSerializer out;
        boolean isVoid = outputType == void.class || outputType == Void.class;
        try {
            in = inputType == null ? null : serializers.forType(inputType);
            out = isVoid ? null : serializers.forType(outputType);
        } catch (Throwable t) {
            throw InitFailure.of(t);
        }
        return (input, output, context) -> {
            Object event = null;
            if (in != null) {
                try {
                    event = in.fromJson(input);
                } catch (Throwable t) {
                    throw new RuntimeException("An error occurred during JSON parsing", t);
                }
            }
            Object result = call.call(event, context);
            if (out == null) {
                output.write(JSON_NULL);
                return;
            }
            try {
                out.toJson(result, output);
            } catch (Throwable t) {
                throw new RuntimeException("An error occurred during JSON serialization of response", t);
            }
        };
    }

    private static Object call(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }

    /** The Map-of-environment constructor when there is one, else the public no-argument constructor. */
    static Object instantiate(Class<?> clazz, Map<String, String> env) throws InitFailure {
        Constructor<?> withEnv = null;
        for (Constructor<?> c : clazz.getConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0].isAssignableFrom(Map.class)
                    && c.getParameterTypes()[0] != Object.class) {
                withEnv = c;
            }
        }
        try {
            if (withEnv != null) {
                return withEnv.newInstance(Map.copyOf(env));
            }
            return clazz.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            String why = clazz.getEnclosingClass() != null && !Modifier.isStatic(clazz.getModifiers())
                    ? " cannot be instantiated because it is a non-static inner class"
                    : " has no public zero-argument constructor (nor one taking the environment as a Map)";
            throw InitFailure.of("java.lang.Exception", "Class " + clazz.getName() + why);
        } catch (InvocationTargetException e) {
            throw InitFailure.of(e.getCause() == null ? e : e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw InitFailure.of(e);
        }
    }

    /** The actual type arguments {@code clazz} gives {@code iface}, or null when they are not concrete. */
    static Type[] typeArguments(Class<?> clazz, Class<?> iface) {
        return find(clazz, iface, new HashMap<>());
    }

    private static Type[] find(Type type, Class<?> iface, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType p) {
            raw = (Class<?>) p.getRawType();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] actual = p.getActualTypeArguments();
            Map<TypeVariable<?>, Type> inner = new HashMap<>(bindings);
            for (int i = 0; i < vars.length; i++) {
                inner.put(vars[i], substitute(actual[i], bindings));
            }
            bindings = inner;
            if (raw == iface) {
                Type[] result = new Type[vars.length];
                for (int i = 0; i < vars.length; i++) {
                    result[i] = bindings.get(vars[i]);
                    if (result[i] instanceof TypeVariable<?> tv) {
                        result[i] = bound(tv);
                        if (result[i] == null) {
                            return null;
                        }
                    }
                }
                return result;
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw == iface) {
                return null; // raw use of the interface: no concrete parameters
            }
        } else {
            return null;
        }
        for (Type t : raw.getGenericInterfaces()) {
            Type[] found = find(t, iface, bindings);
            if (found != null) {
                return found;
            }
        }
        Type sup = raw.getGenericSuperclass();
        return sup == null ? null : find(sup, iface, bindings);
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
        return t instanceof TypeVariable<?> tv && bindings.containsKey(tv) ? bindings.get(tv) : t;
    }

    private static Type bound(TypeVariable<?> tv) {
        for (Type b : tv.getBounds()) {
            if (b != Object.class) {
                return b;
            }
        }
        return null;
    }
}
