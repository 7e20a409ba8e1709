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

    /** Parses the options as {@code ferry load} would; a problem is an {@link IllegalArgumentException} saying what to write instead. */
    static LoadOptions parse(List<String> args) {
        return CommandLines.parse(new LoadArguments(), args).options();
    }
}
