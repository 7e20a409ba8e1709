package dev.ferry.local.cli;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The parser's settings every {@code ferry} command shares, and its problems in Ferry's words. Options are written
 * as the usage shows them ({@code --port N}, not {@code --port=N}); the last of a repeated option wins; and an option
 * where a value should be counts as a missing value, so that {@code --orders --rate 5} says what {@code --orders}
 * needs instead of taking "--rate" as the number of orders.
 */
final class CommandLines {
    private CommandLines() {
    }

    static CommandLine configured(CommandLine commandLine) {
        commandLine.setSeparator(" ");
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setUnmatchedOptionsAllowedAsOptionParameters(false);
        commandLine.setUsageHelpWidth(100);
        for (CommandLine command : commandLine.getSubcommands().values()) {
            command.getCommandSpec().usageMessage().synopsisHeading("usage: ");
        }
        commandLine.getCommandSpec().usageMessage().synopsisHeading("usage: ");
        return commandLine;
    }

    /** Parses one command's arguments into it, as {@code ferry} would; a problem is an {@link IllegalArgumentException}. */
    static <T extends FerryCommand> T parse(T command, List<String> args) {
        try {
            configured(new CommandLine(command)).parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(problem(e), e);
        }
        return command;
    }

    /** The problem in one line, naming the option or argument. */
    static String problem(ParameterException e) {
        String command = e.getCommandLine().getCommandName();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            if (first.startsWith("-")) return "unknown option '" + first + "' for '" + command + "'";
            if (e.getCommandLine().getParent() == null && !e.getCommandLine().getSubcommands().isEmpty()) {
                return "unknown command '" + first + "'";
            }
            return "'" + command + "' takes no argument '" + first + "'";
        }
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().getFirst() instanceof OptionSpec option) {
            return option.longestName() + " needs " + needs(option).orElse("a value, e.g. " + option.longestName() + " " + option.paramLabel());
        }
        return e.getMessage();
    }

    private static Optional<String> needs(ArgSpec option) {
        return option.userObject() instanceof Field field
                ? Optional.ofNullable(field.getAnnotation(Needs.class)).map(Needs::value)
                : Optional.empty();
    }
}
