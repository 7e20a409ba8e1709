package dev.ferry.local.cli;

/**
 * One command of {@code ferry}: a class annotated with picocli's {@code @Command(name = ...)} whose {@code @Option} and
 * {@code @Parameters} fields are its command line (with {@code @Mixin CommonOptions} for {@code --name} and
 * {@code --help}), and which runs with what they hold. A new command is one such class, listed in
 * {@link FerryCli#commands()}.
 */
interface FerryCommand {
    /**
     * Runs the command; returns the process exit code. A usage problem found while checking the values is an
     * {@link IllegalArgumentException} (exit 2), a failure explained to the user an {@link IllegalStateException} (exit 1).
     */
    int run(CommandContext context) throws InterruptedException;
}
