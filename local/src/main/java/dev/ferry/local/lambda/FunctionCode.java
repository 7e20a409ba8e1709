package dev.ferry.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class path of a function asset, laid out as Lambda lays out a Java deployment package: the task
 * root (classes at the top) and then {@code lib/*.jar} in lexical order. The asset is either a directory
 * (a CDK asset directory or an unpacked zip), a shaded jar, or a zip with {@code lib/} jars inside, which
 * is unpacked into a temporary directory first.
 */
final class FunctionCode {
    private FunctionCode() {}

    static List<URL> classPath(Path asset, Path scratch) {
        if (!Files.exists(asset)) {
            throw new IllegalArgumentException("function code " + asset + " does not exist: build the functions"
                    + " (the jar the template's asset points at) or fix the asset path");
        }
        try {
            if (Files.isDirectory(asset)) {
                return directory(asset);
            }
            if (hasLibJars(asset)) {
                Path root = Files.createTempDirectory(scratch, "task-");
                unzip(asset, root);
                return directory(root);
            }
            return List.of(asset.toUri().toURL());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read function code " + asset + ": " + e.getMessage(), e);
        }
    }

    private static List<URL> directory(Path root) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(root.toUri().toURL());
        Path lib = root.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                    urls.add(toUrl(jar));
                }
            }
        }
        // A CDK asset directory that only holds the function's jar(s): use them.
        if (urls.size() == 1) {
            try (Stream<Path> jars = Files.list(root)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                        .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                        .forEach(p -> urls.add(toUrl(p)));
            }
        }
        return urls;
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(p.toString(), e);
        }
    }

    private static boolean hasLibJars(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream().anyMatch(e -> e.getName().startsWith("lib/") && e.getName().endsWith(".jar"));
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : z.stream().toList()) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry " + e.getName() + " escapes the task root");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
