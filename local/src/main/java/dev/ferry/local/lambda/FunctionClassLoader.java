package dev.ferry.local.lambda;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one function: its own classes and libraries first, the JDK below them, and, shared
 * from the runtime, only the interfaces of {@code aws-lambda-java-core} (Context, RequestHandler,
 * RequestStreamHandler, LambdaLogger, ...).
 *
 * <p>Lambda's Java runtime loads customer code with a parent-first loader whose parent holds the core
 * interfaces, so a function jar that bundles its own copy of aws-lambda-java-core still gets the runtime's
 * (otherwise the runtime's Context would not be the handler's Context). This loader does the same for those
 * packages. Everything else a function needs must be in its asset, as on Lambda: the runtime's own
 * libraries (Jackson, the AWS SDK, the emulators) are invisible to it, so functions cannot see each other's
 * classes or statics and cannot accidentally depend on the local cloud's classpath.
 */
final class FunctionClassLoader extends URLClassLoader {
    /** The packages of aws-lambda-java-core; not its sub-packages {@code events} or {@code serialization}. */
    private static final List<String> SHARED_PACKAGES = List.of(
            "com.amazonaws.services.lambda.runtime.",
            "com.amazonaws.services.lambda.runtime.logging.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader runtimeLoader;
    private final String functionName;

    FunctionClassLoader(String functionName, List<URL> urls, ClassLoader runtimeLoader) {
        super("function:" + functionName, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.runtimeLoader = runtimeLoader;
        this.functionName = functionName;
    }

    String functionName() {
        return functionName;
    }

    static boolean isShared(String className) {
        int lastDot = className.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        String pkg = className.substring(0, lastDot + 1);
        return SHARED_PACKAGES.contains(pkg);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return runtimeLoader.loadClass(name);
        }
        // Parent (the platform loader: JDK only) first, then the function's jars, as Lambda's loader does.
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        if (name.endsWith(".class") && isShared(name.substring(0, name.length() - 6).replace('/', '.'))) {
            return runtimeLoader.getResource(name);
        }
        return super.getResource(name);
    }
}
