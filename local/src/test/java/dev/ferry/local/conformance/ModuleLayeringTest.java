package dev.ferry.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the local modules usable alone: the main code of each module names only packages of its own or of the modules
 * below it ({@link LocalModules#NAMES}, lowest first), and within {@code local} the Lambda runtime ({@code lambda})
 * knows nothing of what is composed around it (the event source mappings' pollers, the API fronts, the system). Maven
 * would not compile an upward import between modules anyway; the check says which file does it, and covers the
 * packages inside {@code local}, which Maven does not see. Read from the sources, as {@code grep} would.
 */
class ModuleLayeringTest {

    /** A reference to a package below {@code dev.ferry.local} (its first segment), or to a class of the root package. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.ferry\\.local\\.([a-z]\\w*|[A-Z]\\w*)");

    @Test
    void everyModuleNamesOnlyItselfAndTheModulesBelowIt() throws IOException {
        Map<String, Integer> levelOf = new TreeMap<>();
        Map<Path, Integer> files = new TreeMap<>();
        for (int level = 0; level < LocalModules.NAMES.size(); level++) {
            Path root = LocalModules.mainSources(LocalModules.NAMES.get(level));
            for (Path file : javaFiles(root)) {
                levelOf.putIfAbsent(unitOf(root.relativize(file)), level);
                files.put(file, level);
            }
        }
        assertThat(levelOf).containsKeys("LocalService", "dynamodb", "sns", "LocalCloud", "lambda");

        List<String> upward = new ArrayList<>();
        for (var entry : files.entrySet()) {
            for (String unit : referencedUnits(Files.readString(entry.getKey()))) {
                Integer level = levelOf.get(unit);
                if (level != null && level > entry.getValue()) {
                    upward.add(entry.getKey() + " names dev.ferry.local." + unit + " of " + LocalModules.NAMES.get(level));
                }
            }
        }
        assertThat(upward).isEmpty();
    }

    @Test
    void theLambdaRuntimeKnowsNeitherItsEventSourcesNorItsApiFrontsNorTheSystem() throws IOException {
        Path lambda = LocalModules.mainSources("local").resolve(Path.of("dev", "ferry", "local", "lambda"));
        Set<String> named = new TreeSet<>();
        for (Path file : javaFiles(lambda)) {
            named.addAll(referencedUnits(Files.readString(file)));
        }

        assertThat(named).contains("deployment").doesNotContain("eventsource", "apigateway", "system", "cli");
    }

    @Test
    void theChecksSeeImportsAndQualifiedNamesButNotTheirOwnPackage() {
        String source = """
                package dev.ferry.local.eventsource;

                import dev.ferry.local.lambda.LambdaRuntime;
                import static dev.ferry.local.http.Http1.read;

                class X { dev.ferry.local.StreamActivity activity; Object y = dev.ferry.local.eventsource.Y.class; }
                """;

        assertThat(referencedUnits(source)).containsExactlyInAnyOrder("lambda", "http", "StreamActivity", "eventsource");
        assertThat(unitOf(Path.of("dev", "ferry", "local", "LocalCloud.java"))).isEqualTo("LocalCloud");
        assertThat(unitOf(Path.of("dev", "ferry", "local", "sns", "filter", "Condition.java"))).isEqualTo("sns");
    }

    /** What a file names below {@code dev.ferry.local}, its package declaration left out. */
    private static Set<String> referencedUnits(String source) {
        Set<String> units = new TreeSet<>();
        Matcher m = REFERENCE.matcher(source.replaceFirst("(?m)^package [\\w.]+;", ""));
        while (m.find()) {
            units.add(m.group(1));
        }
        return units;
    }

    /** The package below {@code dev.ferry.local} a source file belongs to, or its class name in the root package. */
    private static String unitOf(Path relative) {
        String first = relative.getName(3).toString();
        return relative.getNameCount() == 4 ? first.replace(".java", "") : first;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
