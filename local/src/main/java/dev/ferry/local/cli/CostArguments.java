package dev.ferry.local.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry cost}'s command line. */
@Command(name = "cost", description = {
        "What the running up asked of AWS since it started, per order placed (POST /orders answered 202), by service and "
                + "kind, in dollars per million orders at AWS's us-east-1 list prices (free tiers excluded; docs/cost.md)."})
final class CostArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--json", description = "print the ledger's counts as JSON instead")
    boolean json;

    @Override
    public int run(CommandContext context) throws InterruptedException {
        return new CostCommand(context.out(), context.err(), common.instance(context.home())).run(json);
    }
}
