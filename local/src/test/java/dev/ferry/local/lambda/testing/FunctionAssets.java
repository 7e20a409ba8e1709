package dev.ferry.local.lambda.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real function assets from the compiled {@code fixtures} handlers, in the three layouts Lambda
 * accepts: a directory (classes at the root, {@code lib/*.jar}), a zip with the same layout, and a single
 * jar. The function's class loader then loads the handlers from these files, not from the test classpath.
 */
public final class FunctionAssets {
    private static final String FIXTURES = "dev/ferry/local/lambda/fixtures/";

    private FunctionAssets() {}

    /** A directory asset: fixture classes + lib/aws-lambda-java-events.jar (+ lib/aws-lambda-java-core.jar). */
    public static Path directory(Path parent, boolean bundleCore) {
        try {
            Path root = Files.createTempDirectory(parent, "asset-dir-");
            copyFixtures(root);
            Path lib = Files.createDirectories(root.resolve("lib"));
            Files.copy(jarOf(SQSEvent.class), lib.resolve("aws-lambda-java-events.jar"));
            // aws-lambda-java-events depends on joda-time; a function's jar carries it, as a shaded jar would.
            Files.copy(jarOf(org.joda.time.DateTime.class), lib.resolve("joda-time.jar"));
            if (bundleCore) {
                Files.copy(jarOf(Context.class), lib.resolve("aws-lambda-java-core.jar"));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip asset with the directory layout. */
    public static Path zip(Path parent) {
        Path dir = directory(parent, false);
        Path zip = parent.resolve("function-" + dir.getFileName() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    /** A single jar with just the fixture classes (enough for handlers that use no event classes). */
    public static Path jar(Path parent) {
        Path jar = parent.resolve("fixtures-" + System.nanoTime() + ".jar");
        Path classes = testClasses();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes.resolve(FIXTURES))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static void copyFixtures(Path root) throws IOException {
        Path classes = testClasses();
        try (Stream<Path> files = Files.walk(classes.resolve(FIXTURES))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = root.resolve(classes.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    private static Path testClasses() {
        return jarOf(FunctionAssets.class);
    }

    private static Path jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
