package dev.ferry.local.lambda.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads what fixture handlers recorded in OUT_DIR/<function>.log. */
public final class OutputFiles {
    private OutputFiles() {}

    public static List<String> lines(Path outDir, String function) {
        Path f = outDir.resolve(function + ".log");
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> linesStartingWith(Path outDir, String function, String prefix) {
        return lines(outDir, function).stream().filter(l -> l.startsWith(prefix)).toList();
    }
}
