package dev.ferry.local.cli;

import java.util.LinkedHashSet;
import java.util.Set;

/** The one-line reason of a failed start, from an exception and its causes, for a message without a stack trace. */
final class StartFailures {
    private StartFailures() {
    }

    static String reason(Throwable failure) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = failure; t != null && parts.size() < 3; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                if (t == failure) parts.add(t.getClass().getSimpleName());
                continue;
            }
            String line = message.strip();
            if (parts.stream().noneMatch(p -> p.contains(line))) parts.add(line);
        }
        return String.join(": ", parts);
    }
}
