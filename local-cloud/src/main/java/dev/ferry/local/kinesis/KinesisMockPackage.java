package dev.ferry.local.kinesis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds kinesis-mock, installed by {@code npm ci} from the repository's package-lock.json into
 * {@code node_modules/kinesis-local}. Nothing is downloaded at run time.
 */
public final class KinesisMockPackage {

    static final Path RELATIVE = Path.of("node_modules", "kinesis-local");
    static final String ENTRY = "main.js";

    private KinesisMockPackage() {
    }

    /**
     * The package directory: under the {@code ferry.home} system property if set, else under the
     * {@code FERRY_HOME} environment variable if set, else in the working directory or the nearest parent
     * that has one.
     *
     * @throws KinesisMockException naming every place looked at when none holds {@code main.js}
     */
    public static Path locate() {
        Optional<String> home = Optional.ofNullable(System.getProperty("ferry.home"))
                .or(() -> Optional.ofNullable(System.getenv("FERRY_HOME")))
                .filter(s -> !s.isBlank());
        if (home.isPresent()) {
            Path dir = Path.of(home.get()).toAbsolutePath().resolve(RELATIVE);
            if (isInstalled(dir)) {
                return dir;
            }
            throw new KinesisMockException("kinesis-mock is not installed: " + dir.resolve(ENTRY)
                    + " does not exist (FERRY_HOME / -Dferry.home = " + home.get() + "). Run `npm ci` in the Ferry"
                    + " repository root, or point FERRY_HOME at the directory where you ran it.");
        }
        List<Path> looked = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (isInstalled(candidate)) {
                return candidate;
            }
            looked.add(candidate);
        }
        throw new KinesisMockException("kinesis-mock is not installed: no " + RELATIVE.resolve(ENTRY)
                + " in the working directory or any parent (looked in " + looked + "). Run `npm ci` in the Ferry"
                + " repository root (the Maven build does it too), or set FERRY_HOME to that root.");
    }

    static boolean isInstalled(Path dir) {
        return Files.isRegularFile(dir.resolve(ENTRY));
    }
}
