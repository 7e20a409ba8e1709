package dev.ferry.local.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry demo}'s command line. */
@Command(name = "demo", description = {
        "Open an account, deposit, place orders and show what happened, against a running up; --poison puts a malformed "
                + "event on a consumer queue to try 'ferry dlq' on."})
final class DemoArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--poison", description = "put a malformed message on a consumer queue and follow it to its dead-letter queue")
    boolean poison;

    @Option(names = "--api", paramLabel = "URL", description = "the API to play against (default: the running up's)")
    @Needs("the URL './ferry up' printed, e.g. --api http://127.0.0.1:PORT/dev")
    String api;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long each step may take (default: 30)")
    @Needs("seconds, e.g. --timeout 60")
    String timeout;

    @Override
    public int run(CommandContext context) {
        return new DemoCommand(context.out(), context.err(), common.instance(context.home())).run(options());
    }

    DemoCommand.Options options() {
        Optional<URI> apiUri = Optional.ofNullable(api).map(text -> {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("--api needs an http URL such as http://127.0.0.1:PORT/dev, not '" + text + "'");
            }
            return uri;
        });
        Duration stepTimeout = Duration.ofSeconds(30);
        if (timeout != null) {
            try {
                stepTimeout = Duration.ofSeconds(Long.parseLong(timeout));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--timeout needs a whole number of seconds, not '" + timeout + "'");
            }
        }
        if (poison && apiUri.isPresent()) {
            throw new IllegalArgumentException("--poison talks to the running up's queues, not to an API: drop --api");
        }
        return new DemoCommand.Options(apiUri, stepTimeout, poison);
    }
}
