package dev.ferry.functions.api;

import dev.ferry.functions.events.RequestServed;

/** Fire-and-forget telemetry of API requests: implementations never throw and never slow a request down much. */
public interface Telemetry {

    void requestServed(RequestServed event);

    /** Telemetry that sends nothing, for functions with no telemetry topic. */
    static Telemetry none() {
        return event -> {
        };
    }
}
