package dev.ferry.local.cli;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ferry load}'s options, each bounded so that a typo cannot start an endless run: at most 100,000 orders,
 * 5,000 per second, 1,000 accounts, 1,024 requests in flight, and a drain of at most an hour.
 *
 * @param orders    orders to place
 * @param rate      orders sent per second (open loop: the schedule does not wait for answers)
 * @param accounts  accounts opened and funded first; the orders go round them
 * @param clients   most requests in flight at once, like that many clients with one connection each
 * @param timeout   how long to wait, after the last order was answered, for the backlog to drain
 * @param api       the API to drive instead of the one {@code .ferry/up.json} names (loopback only)
 */
record LoadOptions(int orders, int rate, int accounts, int clients, Duration timeout, Optional<URI> api) {

    static final int MAX_ORDERS = 100_000;
    static final int MAX_RATE = 5_000;
    static final int MAX_ACCOUNTS = 1_000;
    static final int MAX_CLIENTS = 1_024;
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    static LoadOptions defaults() {
        return new LoadOptions(1_000, 100, 10, 64, Duration.ofMinutes(10), Optional.empty());
    }

    /** Parses the options; a problem is an {@link IllegalArgumentException} saying what to write instead. */
    static LoadOptions parse(List<String> args) {
        LoadOptions o = defaults();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--orders" -> o = o.with(number(args, i++, arg, 1, MAX_ORDERS, "orders"), o.rate, o.accounts, o.clients, o.timeout, o.api);
                case "--rate" -> o = o.with(o.orders, rate(args, i++), o.accounts, o.clients, o.timeout, o.api);
                case "--accounts" -> o = o.with(o.orders, o.rate, number(args, i++, arg, 1, MAX_ACCOUNTS, "accounts"), o.clients, o.timeout, o.api);
                case "--clients" -> o = o.with(o.orders, o.rate, o.accounts, number(args, i++, arg, 1, MAX_CLIENTS, "requests in flight"), o.timeout, o.api);
                case "--timeout" -> o = o.with(o.orders, o.rate, o.accounts, o.clients,
                        Duration.ofSeconds(number(args, i++, arg, 1, (int) MAX_TIMEOUT.toSeconds(), "seconds")), o.api);
                case "--api" -> o = o.with(o.orders, o.rate, o.accounts, o.clients, o.timeout, Optional.of(api(args, i++)));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' for 'load'; it takes --orders N --rate R/s "
                        + "--accounts K --clients C --timeout S --api URL");
            }
        }
        if (o.accounts > o.orders) {
            throw new IllegalArgumentException("--accounts " + o.accounts + " is more than --orders " + o.orders
                    + ": every account gets at least one order; open at most as many accounts as orders");
        }
        return o;
    }

    private LoadOptions with(int orders, int rate, int accounts, int clients, Duration timeout, Optional<URI> api) {
        return new LoadOptions(orders, rate, accounts, clients, timeout, api);
    }

    private static String value(List<String> args, int i, String option, String example) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value, e.g. " + option + " " + example);
        }
        return args.get(i + 1);
    }

    private static int number(List<String> args, int i, String option, int min, int max, String what) {
        String text = value(args, i, option, Integer.toString(Math.min(max, 100)));
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " takes " + min + " to " + max + " " + what + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number of " + what + ", not '" + text + "'");
        }
    }

    /** {@code 500} or {@code 500/s}. */
    private static int rate(List<String> args, int i) {
        String text = value(args, i, "--rate", "500/s");
        String number = text.endsWith("/s") ? text.substring(0, text.length() - 2) : text;
        return number(List.of("--rate", number), 0, "--rate", 1, MAX_RATE, "orders per second");
    }

    private static URI api(List<String> args, int i) {
        String text = value(args, i, "--api", "http://127.0.0.1:PORT/dev");
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
