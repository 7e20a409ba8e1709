package dev.ferry.local.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command takes: {@code --name N}, the instance of {@code up} it starts or talks to, and {@code --help}. */
final class CommonOptions {
    @Option(names = "--name", paramLabel = "N",
            description = "the instance: several ups run side by side, each with its own ports, state (.ferry/N/up.json) "
                    + "and logs (.ferry/N/logs/) (default: " + UpState.DEFAULT_NAME + ")")
    @Needs("the instance's name, e.g. --name a (the default is '" + UpState.DEFAULT_NAME + "')")
    private String name;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this command's options")
    private boolean help;

    /** Whether {@code --name} was given ({@code status} then reports only that instance). */
    boolean nameGiven() {
        return name != null;
    }

    Instance instance(Path home) {
        return Instance.of(home, Optional.ofNullable(name).orElse(UpState.DEFAULT_NAME));
    }
}
