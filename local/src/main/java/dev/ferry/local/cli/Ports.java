package dev.ferry.local.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ports {@code ferry up --port N} pins, all on 127.0.0.1: the data plane's four services at N..N+3, the
 * Lambda API at N+4, the API's description at N+5, the runtime's statistics at N+6, the REST API at N+7 and the
 * console at N+8, so that
 * every URL {@code up} prints (and the README's curl lines) stays the same from one run to the next.
 */
final class Ports {
    static final int LAMBDA = 4;
    static final int API_DESCRIPTION = 5;
    static final int STATS = 6;
    static final int API = dev.ferry.local.system.LocalSystem.API_PORT_OFFSET;
    static final int CONSOLE = API + 1;
    /** How many ports {@code --port N} pins: N to N+8. */
    static final int SPAN = CONSOLE + 1;
    private static final List<String> WHAT = List.of("DynamoDB", "SQS", "SNS", "Kinesis", "the Lambda API", "the API's description",
            "the statistics", "the REST API", "the console");

    private Ports() {
    }

    /** What {@code --port N} puts on {@code N + offset}. */
    static String what(int offset) {
        return WHAT.get(offset);
    }

    /**
     * Checks, before anything starts, that the ports {@code N + from} to {@code N + to - 1} are free; when some are
     * not, the message names them, what each is for, and who holds it when that is another {@code ferry up} of the
     * checkout at {@code home}. Empty when {@code n} is 0 (free ports are picked) or all are free.
     */
    static Optional<String> busy(int n, int from, int to, Path home) {
        if (n == 0) return Optional.empty();
        Map<Integer, String> holders = portsOfRunningUps(home);
        List<String> taken = new ArrayList<>();
        for (int offset = from; offset < to; offset++) {
            int port = n + offset;
            if (!isFree(port)) {
                taken.add(port + " (" + what(offset) + ")" + Optional.ofNullable(holders.get(port)).map(h -> ", held by " + h).orElse(""));
            }
        }
        if (taken.isEmpty()) return Optional.empty();
        return Optional.of((taken.size() == 1 ? "port " : "ports ") + String.join(", ", taken) + (taken.size() == 1 ? " is" : " are")
                + " already in use: pick another --port N (it uses N to N+" + (SPAN - 1) + ", here " + n + " to " + (n + SPAN - 1)
                + "), stop what holds " + (taken.size() == 1 ? "it" : "them") + ", or leave --port out to get free ports");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers bind: SO_REUSEADDR ignores the last run's connections in TIME_WAIT (a restart right after
            // `ferry down` would otherwise be told its ports are taken for a minute) and still fails on a listener.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The ports the running {@code up}s of the checkout listen on, each with the command that started it. */
    private static Map<Integer, String> portsOfRunningUps(Path home) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (Instance instance : Instance.all(home)) {
            try {
                instance.live().ifPresent(state -> {
                    List<String> urls = new ArrayList<>(state.environment().values());
                    state.apiUrl().ifPresent(u -> urls.add(u.toString()));
                    state.statsUrl().ifPresent(u -> urls.add(u.toString()));
                    state.openApiUrl().ifPresent(u -> urls.add(u.toString()));
                    for (String url : urls) {
                        try {
                            int port = URI.create(url).getPort();
                            if (port > 0) ports.put(port, instance.command("up") + " (pid " + state.pid() + ")");
                        } catch (IllegalArgumentException notAUrl) {
                            // a region or a key
                        }
                    }
                });
            } catch (IllegalStateException unreadable) {
                // nothing to say about it here
            }
        }
        return ports;
    }
}
