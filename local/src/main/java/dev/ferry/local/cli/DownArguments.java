package dev.ferry.local.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry down}'s command line. */
@Command(name = "down", description = {"Stop a running up as Ctrl-C in its terminal would."})
final class DownArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--force", description = "kill it when it does not stop within 30 s")
    boolean force;

    @Override
    public int run(CommandContext context) throws InterruptedException {
        return new DownCommand(context.err(), common.instance(context.home()), DownCommand.GRACE).run(force);
    }
}
