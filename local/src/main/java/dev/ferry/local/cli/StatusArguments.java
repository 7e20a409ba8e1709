package dev.ferry.local.cli;

import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ferry status}'s command line. */
@Command(name = "status", description = {
        "The running ups (with --name, that one): pid, uptime, URLs, how many functions, queues, tables they run. "
                + "Exits 1 when none runs."})
final class StatusArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public int run(CommandContext context) {
        return new StatusCommand(context.out(), context.err(), common.instance(context.home()), common.nameGiven(), Instant.now()).run();
    }
}
