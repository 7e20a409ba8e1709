package dev.ferry.local.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the sources of the local cloud's Maven modules are, seen from the {@code local} module's directory (the tests'
 * working directory): the checks that hold the docs and the conformance suites to the code read all of them.
 */
final class LocalModules {

    /** Lowest first, as the modules depend on each other. */
    static final List<String> NAMES = List.of("local-core", "local-testkit", "local-dynamodb", "local-sns", "local-cloud", "local");

    private LocalModules() {}

    /** The test source roots of the modules that have tests (the test kit has none: it is what the tests use). */
    static List<Path> testSources() {
        return NAMES.stream().map(name -> Path.of("..", name, "src", "test", "java")).filter(Files::isDirectory).toList();
    }

    static Path mainSources(String module) {
        return Path.of("..", module, "src", "main", "java");
    }

    static Path mainSource(String module, String file) {
        return mainSources(module).resolve(file);
    }
}
