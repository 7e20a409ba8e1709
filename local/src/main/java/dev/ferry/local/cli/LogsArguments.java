package dev.ferry.local.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry logs}'s command line. */
@Command(name = "logs", description = {
        "One line per request or event, or with FUNCTION (dev-OrdersApi, or just ordersapi) that function's own output, "
                + "from .ferry/N/logs/."})
final class LogsArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(arity = "0..*", paramLabel = "FUNCTION", description = "a function as up lists it, or the end of its name in any case")
    List<String> functions = new ArrayList<>();

    @Option(names = {"--follow", "-f"}, description = "keep printing what is added until the up stops (or Ctrl-C)")
    boolean follow;

    @Option(names = {"--lines", "-n"}, paramLabel = "N", description = "only the last N lines, or all (default: all)")
    @Needs("a number, e.g. --lines 50")
    String lines;

    @Override
    public int run(CommandContext context) throws InterruptedException {
        return new LogsCommand(context.out(), context.err(), common.instance(context.home()), context.stop()).run(options());
    }

    LogsCommand.Options options() {
        if (functions.size() > 1) {
            throw new IllegalArgumentException("'logs' takes one function, not '" + functions.get(0) + "' and '" + functions.get(1) + "'");
        }
        int last = Integer.MAX_VALUE;
        if (lines != null && !lines.equals("all")) {
            try {
                last = Integer.parseInt(lines);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--lines needs a number or 'all', not '" + lines + "'");
            }
            if (last < 0) throw new IllegalArgumentException("--lines needs a number of at least 0, not " + last);
        }
        return new LogsCommand.Options(functions.stream().findFirst(), follow, last);
    }
}
