package dev.ferry.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import software.amazon.awssdk.core.SdkClient;

/**
 * Starts the services of Ferry's local cloud a test class asks for, once per test class (a {@code @Nested} class
 * uses its enclosing class's), injects clients and endpoints, and stops everything after the class's last test.
 *
 * <p>Registered by {@link FerryLocalCloud}, or in code, for tests that want the clients outside injection points:
 * <pre>{@code
 * @RegisterExtension
 * static final FerryLocalCloudExtension cloud = FerryLocalCloudExtension.withServices(FerryService.SQS);
 * ... cloud.client(SqsClient.class) ... cloud.endpoint(FerryService.SQS) ...
 * }</pre>
 * The field must be static: the services start before the class's first test, not per test instance.
 *
 * <p>Once per class rather than once per JVM: every class gets its own tables, queues and streams on its own
 * ports, so classes cannot see each other's data and can run in parallel; starting the in-process emulators costs
 * milliseconds, and only the first ElasticMQ in a JVM takes seconds (junit/README.md has the numbers).
 */
public final class FerryLocalCloudExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FerryLocalCloudExtension.class);

    /** The services named in code; empty when registered by {@link FerryLocalCloud}. */
    private final Optional<Set<FerryService>> programmatic;
    /** In code: {@link #resettingAfterEachTest()}; by annotation, {@link FerryLocalCloud#resetAfterEachTest()} decides. */
    private final boolean resetInCode;
    /** The cloud of the class this instance was registered on in code, for {@link #client} and {@link #endpoint}. */
    private volatile RunningCloud started;

    /** For {@link FerryLocalCloud}, which names the services. */
    public FerryLocalCloudExtension() {
        this.programmatic = Optional.empty();
        this.resetInCode = false;
    }

    private FerryLocalCloudExtension(Set<FerryService> services, boolean reset) {
        this.programmatic = Optional.of(services);
        this.resetInCode = reset;
    }

    /** For {@code @RegisterExtension}: starts {@code services} (SNS brings SQS). */
    public static FerryLocalCloudExtension withServices(FerryService... services) {
        if (services.length == 0) {
            throw new IllegalArgumentException("name at least one service, e.g. FerryLocalCloudExtension.withServices(FerryService.DYNAMODB)");
        }
        return new FerryLocalCloudExtension(EnumSet.copyOf(Arrays.asList(services)), false);
    }

    /** This registration, deleting every table, queue, topic and stream after each test: see {@link FerryLocalCloud#resetAfterEachTest()}. */
    public FerryLocalCloudExtension resettingAfterEachTest() {
        return new FerryLocalCloudExtension(programmatic.orElseThrow(), true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RunningCloud cloud = cloud(context);
        started = cloud;
        injectFields(context.getRequiredTestClass(), null, cloud);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        injectFields(testInstance.getClass(), testInstance, cloud(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (programmatic.isPresent() && started == null) {
            throw new ExtensionConfigurationException("FerryLocalCloudExtension in " + context.getRequiredTestClass().getName()
                    + " is registered in an instance field: make the @RegisterExtension field static, so that the local"
                    + " cloud starts once before the class's first test");
        }
        if (resets(context) && context.getExecutionMode() == ExecutionMode.CONCURRENT) {
            throw new ExtensionConfigurationException("resetAfterEachTest in " + context.getRequiredTestClass().getName()
                    + " would delete the tables and queues of the tests running beside this one: run the class's tests one"
                    + " at a time with @Execution(ExecutionMode.SAME_THREAD), or drop the reset");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (resets(context)) StateReset.reset(cloud(context));
    }

    private boolean resets(ExtensionContext context) {
        return programmatic.isPresent() ? resetInCode : annotation(context.getRequiredTestClass())
                .map(FerryLocalCloud::resetAfterEachTest).orElse(false);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return SdkClientKind.of(type).isPresent() || (type == URI.class && parameter.isAnnotated(FerryEndpoint.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        RunningCloud cloud = cloud(context);
        // Counted from 1: parameter names are arg0, arg1... unless the test was compiled with -parameters.
        String target = "parameter " + (parameter.getIndex() + 1) + " of " + parameter.getDeclaringExecutable().getName();
        try {
            String owner = context.getRequiredTestClass().getSimpleName();
            return type == URI.class
                    ? endpoint(cloud, parameter.findAnnotation(FerryEndpoint.class).orElseThrow().value(), target, owner)
                    : client(cloud, SdkClientKind.of(type).orElseThrow(), target, owner);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage());
        }
    }

    /**
     * The client of {@code type} for the running class's cloud (one per class, closed after it).
     *
     * @throws IllegalStateException when called outside the class's tests, or its service was not asked for
     */
    public <C extends SdkClient> C client(Class<C> type) {
        SdkClientKind kind = SdkClientKind.of(type).orElseThrow(() -> new IllegalArgumentException(
                type.getName() + " is not a client the local cloud serves; it serves " + SdkClientKind.supportedTypes()));
        return type.cast(client(running(), kind, "client(" + type.getSimpleName() + ".class)", "this test class"));
    }

    /** The endpoint of {@code service} ({@code http://127.0.0.1:<port>}). */
    public URI endpoint(FerryService service) {
        return endpoint(running(), service, "endpoint(" + service + ")", "this test class");
    }

    /**
     * {@code AWS_ENDPOINT_URL_<SERVICE>} for every running service, {@code AWS_REGION} and dummy credentials: for code
     * under test that is configured from an environment map.
     */
    public Map<String, String> environment() {
        return running().environment();
    }

    /** What runs: the services asked for, and SQS when SNS was. */
    public Set<FerryService> services() {
        return running().services();
    }

    private RunningCloud running() {
        RunningCloud cloud = started;
        if (cloud == null) {
            throw new IllegalStateException("the local cloud is not running: use the extension from a test, @BeforeEach or"
                    + " @BeforeAll method of the class that registers it in a static @RegisterExtension field");
        }
        return cloud;
    }

    private SdkClient client(RunningCloud cloud, SdkClientKind kind, String target, String owner) {
        requireRunning(cloud, kind.service(), kind.type().getSimpleName() + " (" + target + ")", owner);
        return cloud.client(kind);
    }

    private URI endpoint(RunningCloud cloud, FerryService service, String target, String owner) {
        requireRunning(cloud, service, "the " + service + " endpoint (" + target + ")", owner);
        return cloud.endpoint(service);
    }

    /** @param owner the test class, as named in the message */
    private void requireRunning(RunningCloud cloud, FerryService service, String what, String owner) {
        if (cloud.runs(service)) return;
        Set<FerryService> fixed = EnumSet.copyOf(askedFor(cloud));
        fixed.add(service);
        String names = fixed.stream().map(FerryService::name).collect(Collectors.joining(", "));
        String fix = programmatic.isPresent()
                ? "FerryLocalCloudExtension.withServices(" + names + ")"
                : "@FerryLocalCloud(services = {" + names + "})";
        throw new ExtensionConfigurationException(what + " needs " + service + ", which " + owner
                + " did not ask for (it runs " + cloud.services() + "): add it, as in " + fix);
    }

    /** What the registration names (the running set also holds SQS for SNS); used to suggest the fix. */
    private Set<FerryService> askedFor(RunningCloud cloud) {
        return programmatic.orElseGet(cloud::services);
    }

    private RunningCloud cloud(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        // The store looks in the enclosing classes' stores first, so a @Nested class shares its outer class's cloud;
        // JUnit closes the cloud (AutoCloseable) when the class that started it is done.
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(RunningCloud.class,
                key -> RunningCloud.start(servicesFor(testClass)), RunningCloud.class);
    }

    private Set<FerryService> servicesFor(Class<?> testClass) {
        if (programmatic.isPresent()) return programmatic.get();
        FerryLocalCloud annotation = annotation(testClass).orElseThrow(() -> new ExtensionConfigurationException(
                testClass.getName() + " uses FerryLocalCloudExtension without @FerryLocalCloud: annotate the class, or"
                        + " register FerryLocalCloudExtension.withServices(...) in a static @RegisterExtension field"));
        if (annotation.services().length == 0) {
            throw new ExtensionConfigurationException("@FerryLocalCloud(services = {}) on " + testClass.getName()
                    + " starts nothing: name the services, or leave services out for all of them");
        }
        return EnumSet.copyOf(Arrays.asList(annotation.services()));
    }

    /** The annotation on the class or, for a {@code @Nested} class, on the nearest enclosing class that has one. */
    private static Optional<FerryLocalCloud> annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<FerryLocalCloud> found = AnnotationSupport.findAnnotation(c, FerryLocalCloud.class);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    private void injectFields(Class<?> testClass, Object instance, RunningCloud cloud) {
        boolean statics = instance == null;
        List<Field> clients = AnnotationSupport.findAnnotatedFields(testClass, FerryInject.class,
                f -> Modifier.isStatic(f.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN);
        for (Field field : clients) {
            SdkClientKind kind = SdkClientKind.of(field.getType()).orElseThrow(() -> new ExtensionConfigurationException(
                    "@FerryInject field " + describe(field) + " has type " + field.getType().getName()
                            + "; the extension injects " + SdkClientKind.supportedTypes()
                            + " (and URIs marked @FerryEndpoint)"));
            set(field, instance, client(cloud, kind, "field " + describe(field), testClass.getSimpleName()));
        }
        List<Field> endpoints = AnnotationSupport.findAnnotatedFields(testClass, FerryEndpoint.class,
                f -> Modifier.isStatic(f.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN);
        for (Field field : endpoints) {
            if (field.getType() != URI.class) {
                throw new ExtensionConfigurationException("@FerryEndpoint field " + describe(field) + " has type "
                        + field.getType().getName() + "; endpoints are java.net.URI");
            }
            FerryService service = field.getAnnotation(FerryEndpoint.class).value();
            set(field, instance, endpoint(cloud, service, "field " + describe(field), testClass.getSimpleName()));
        }
    }

    private static String describe(Field field) {
        return field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    private static void set(Field field, Object instance, Object value) {
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("field " + describe(field) + " is final: the extension cannot fill"
                    + " it; remove final");
        }
        try {
            field.setAccessible(true);
            field.set(instance, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("could not fill field " + describe(field) + ": " + e.getMessage(), e);
        }
    }
}
