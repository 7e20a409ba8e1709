package dev.ferry.local.cli;

import dev.ferry.local.console.ConsoleServer;
import dev.ferry.local.console.ConsoleSources;
import dev.ferry.local.console.InvocationRecorder;
import dev.ferry.local.system.LocalSystem;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The console {@code up} serves beside the API ({@link ConsoleServer}), wired to the running system: its invocations
 * as {@code recorder} heard them, the functions' log files, {@code ferry dlq}'s dead-letter logic, and the cost report
 * the statistics port may serve at {@code /cost}.
 */
final class UpConsole implements AutoCloseable {
    static final String COST_PATH = "/cost";

    private final ConsoleServer server;
    private final ConsoleDeadLetters deadLetters;

    private UpConsole(ConsoleServer server, ConsoleDeadLetters deadLetters) {
        this.server = server;
        this.deadLetters = deadLetters;
    }

    /** Serves the console on {@code port} (0: a free port). */
    static UpConsole start(LocalSystem system, InvocationRecorder recorder, Optional<FunctionLogs> logs, URI statsUrl, int port) {
        Set<String> onFailure = new HashSet<>();
        system.deployment().eventSourceMappings().forEach(m -> m.onFailureDestinationArn().map(SystemSummary::shortName).ifPresent(onFailure::add));
        CommandClients clients = CommandClients.local(system.environment());
        ConsoleDeadLetters deadLetters = new ConsoleDeadLetters(clients, new DeadLetterQueues(clients.sqs(), "", onFailure::contains));
        try {
            ConsoleSources sources = new ConsoleSources(system.runtime(), system.mappings(), recorder,
                    SystemSummary.resourcesByKind(system.provisioned().summary().resources()), system.environment(), deadLetters,
                    logs.map(FunctionLogs::directory), Optional.of(statsUrl.resolve(COST_PATH)),
                    system.cloud().map(cloud -> cloud.dynamodb().faults()));
            return new UpConsole(ConsoleServer.start(sources, port), deadLetters);
        } catch (RuntimeException e) {
            deadLetters.close();
            throw e;
        }
    }

    URI url() {
        return server.url();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            deadLetters.close();
        }
    }
}
