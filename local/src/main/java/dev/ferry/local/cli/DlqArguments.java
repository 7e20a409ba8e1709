package dev.ferry.local.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry dlq}'s command line: an action ({@code list}, {@code show QUEUE}, {@code redrive QUEUE}) and where. */
@Command(name = "dlq", description = {
        "List the dead-letter queues with their depth, show a message and why it failed, or move a queue's messages back to "
                + "their source (a stream on-failure queue: read each record's shard range and invoke its function again)."})
final class DlqArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(arity = "0..*", paramLabel = "ACTION", description = "list (default) | show QUEUE | redrive QUEUE")
    List<String> positional = new ArrayList<>();

    @Option(names = "--aws", description = "a deployed stack (default credentials and region) instead of the running up")
    boolean aws;

    @Option(names = "--prefix", paramLabel = "P", description = "the queue names' prefix: the stage (default: dev- in AWS)")
    @Needs("a queue name prefix, e.g. --prefix dev-")
    String prefix;

    @Option(names = "--max", paramLabel = "N", description = "how many messages 'show' prints (default: 5)")
    @Needs("a number of messages, e.g. --max 3")
    String max;

    @Override
    public int run(CommandContext context) throws InterruptedException {
        return new DlqCommand(context.out(), context.err(), common.instance(context.home()), context.env()).run(options());
    }

    DlqCommand.Options options() {
        int most = 5;
        if (max != null) {
            try {
                most = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--max needs a number of messages, not '" + max + "'");
            }
            if (most < 1) throw new IllegalArgumentException("--max needs a number of at least 1, not " + most);
        }
        String action = positional.isEmpty() ? "list" : positional.getFirst();
        return switch (action) {
            case "list" -> {
                if (positional.size() > 1) throw new IllegalArgumentException("'dlq list' takes no queue name");
                yield new DlqCommand.Options(action, Optional.empty(), aws, Optional.ofNullable(prefix), most);
            }
            case "show", "redrive" -> {
                if (positional.size() != 2) {
                    throw new IllegalArgumentException("'dlq " + action + "' needs one queue name, e.g. 'ferry dlq " + action
                            + " dev-payments-order-placed-dlq' (see 'ferry dlq list')");
                }
                yield new DlqCommand.Options(action, Optional.of(positional.get(1)), aws, Optional.ofNullable(prefix), most);
            }
            default -> throw new IllegalArgumentException("unknown dlq action '" + action + "': use list, show QUEUE or redrive QUEUE");
        };
    }
}
