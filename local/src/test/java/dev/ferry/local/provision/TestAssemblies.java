package dev.ferry.local.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes small one-off cloud assemblies: each stack depends on the one before it. */
final class TestAssemblies {

    private TestAssemblies() {
    }

    static Path write(Path directory, Map<String, String> templatesByStack) {
        try {
            Files.createDirectories(directory);
            Map<String, String> artifacts = new LinkedHashMap<>();
            String previous = null;
            for (var stack : templatesByStack.entrySet()) {
                Files.writeString(directory.resolve(stack.getKey() + ".template.json"), stack.getValue());
                artifacts.put(stack.getKey(), """
                        {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                         "properties": {"templateFile": "%s.template.json"}, "dependencies": [%s]}"""
                        .formatted(stack.getKey(), previous == null ? "" : "\"" + previous + "\""));
                previous = stack.getKey();
            }
            Files.writeString(directory.resolve("manifest.json"), "{\"version\": \"48.0.0\", \"artifacts\": {"
                    + artifacts.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                    .collect(Collectors.joining(", ")) + "}}");
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
