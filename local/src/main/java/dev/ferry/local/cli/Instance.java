package dev.ferry.local.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One named {@code ferry up} of a checkout ({@code --name}, default {@value UpState#DEFAULT_NAME}): its directory
 * {@code .ferry/<name>/} holds its state file {@code up.json} (written at {@code ready}, removed on exit), the lock
 * that keeps a second {@code up} of the same name from starting, and its logs. Several instances run side by side,
 * each with its own ports, and the other commands pick one with {@code --name}.
 */
record Instance(Path home, String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");

    Instance {
        home = home.toAbsolutePath();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name needs letters, digits, '-' or '_' (at most 40, starting with a letter or digit), not '"
                    + name + "'");
        }
    }

    static Instance of(Path home, String name) {
        return new Instance(home, name);
    }

    static Instance defaultOf(Path home) {
        return new Instance(home, UpState.DEFAULT_NAME);
    }

    Path dir() {
        return home.resolve(".ferry").resolve(name);
    }

    Path stateFile() {
        return UpState.file(home, name);
    }

    Path logs() {
        return FunctionLogs.directory(dir());
    }

    Path lockFile() {
        return dir().resolve("up.lock");
    }

    /** The state of this instance's {@code up} while it runs; an unreadable file is an {@link IllegalStateException}. */
    Optional<UpState> live() {
        return UpState.readLive(stateFile());
    }

    boolean isDefault() {
        return name.equals(UpState.DEFAULT_NAME);
    }

    /** How to name this instance on the command line: {@code ""} for the default, else {@code " --name N"}. */
    String option() {
        return isDefault() ? "" : " --name " + name;
    }

    /** {@code './ferry demo --name a'}: a command for this instance, quoted for a message. */
    String command(String command) {
        return "'./ferry " + command + option() + "'";
    }

    /** The path as a user in the checkout's root would type it. */
    String relative(Path path) {
        return home.relativize(path.toAbsolutePath()).toString();
    }

    /** The instances of the checkout that have a directory, by name (running or not). */
    static List<Instance> all(Path home) {
        Path root = home.toAbsolutePath().resolve(".ferry");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches()).sorted().map(n -> new Instance(home, n)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The names of the instances whose {@code up} runs now (unreadable state files count as not running). */
    static List<String> runningNames(Path home) {
        return all(home).stream().filter(i -> {
            try {
                return i.live().isPresent();
            } catch (IllegalStateException unreadable) {
                return false;
            }
        }).map(Instance::name).toList();
    }

    /** "no './ferry up' is running" completed with the instances that do run, for a command's message. */
    String notRunning() {
        List<String> others = runningNames(home).stream().filter(n -> !n.equals(name)).toList();
        String what = "no './ferry up" + option() + "' is running in " + home;
        if (others.isEmpty()) return what;
        return what + " (running: " + String.join(", ", others.stream().map(n -> "--name " + n).toList()) + ")";
    }
}
