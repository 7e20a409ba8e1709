package dev.ferry.local.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry load}'s command line, each value bounded as {@link LoadOptions} says. */
@Command(name = "load", description = {
        "Open and fund K accounts, then place N orders at R per second with at most C requests in flight against a running "
                + "up (loopback only); wait up to S seconds for every order to be final; print accepted/s, API latency, peak "
                + "queue depth and oldest message, peak concurrency per function, the drain time and an exactly-once check "
                + "(exit 1 if it fails)."})
final class LoadArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--orders", paramLabel = "N", description = "orders to place (default: 1000, at most 100000)")
    @Needs("a value, e.g. --orders 100")
    String orders;

    @Option(names = "--rate", paramLabel = "R/s", description = "orders sent per second, 500 or 500/s (default: 100, at most 5000)")
    @Needs("a value, e.g. --rate 500/s")
    String rate;

    @Option(names = "--accounts", paramLabel = "K", description = "accounts opened and funded first (default: 10, at most 1000)")
    @Needs("a value, e.g. --accounts 100")
    String accounts;

    @Option(names = "--clients", paramLabel = "C", description = "most requests in flight at once (default: 64, at most 1024)")
    @Needs("a value, e.g. --clients 100")
    String clients;

    @Option(names = "--timeout", paramLabel = "S", description = "seconds to wait for the backlog to drain (default: 600, at most 3600)")
    @Needs("a value, e.g. --timeout 100")
    String timeout;

    @Option(names = "--api", paramLabel = "URL", description = "the API to drive (default: the running up's; loopback only)")
    @Needs("a value, e.g. --api http://127.0.0.1:PORT/dev")
    String api;

    @Override
    public int run(CommandContext context) {
        return new LoadCommand(context.out(), context.err(), common.instance(context.home())).run(options());
    }

    LoadOptions options() {
        LoadOptions d = LoadOptions.defaults();
        LoadOptions o = new LoadOptions(
                number(orders, "--orders", 1, LoadOptions.MAX_ORDERS, "orders").orElse(d.orders()),
                rate().orElse(d.rate()),
                number(accounts, "--accounts", 1, LoadOptions.MAX_ACCOUNTS, "accounts").orElse(d.accounts()),
                number(clients, "--clients", 1, LoadOptions.MAX_CLIENTS, "requests in flight").orElse(d.clients()),
                number(timeout, "--timeout", 1, (int) LoadOptions.MAX_TIMEOUT.toSeconds(), "seconds").map(Duration::ofSeconds)
                        .orElse(d.timeout()),
                Optional.ofNullable(api).map(LoadArguments::apiUri));
        if (o.accounts() > o.orders()) {
            throw new IllegalArgumentException("--accounts " + o.accounts() + " is more than --orders " + o.orders()
                    + ": every account gets at least one order; open at most as many accounts as orders");
        }
        return o;
    }

    private static Optional<Integer> number(String text, String option, int min, int max, String what) {
        if (text == null) return Optional.empty();
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number of " + what + ", not '" + text + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " takes " + min + " to " + max + " " + what + ", not " + n);
        }
        return Optional.of(n);
    }

    /** {@code 500} or {@code 500/s}. */
    private Optional<Integer> rate() {
        String number = rate != null && rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
        return number(number, "--rate", 1, LoadOptions.MAX_RATE, "orders per second");
    }

    private static URI apiUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--api needs the URL './ferry up' printed, e.g. http://127.0.0.1:PORT/dev, not '" + text + "'");
        }
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--api needs an http URL such as http://127.0.0.1:PORT/dev, not '" + text + "'");
        }
        return uri;
    }
}
