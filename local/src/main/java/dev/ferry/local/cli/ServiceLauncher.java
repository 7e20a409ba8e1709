package dev.ferry.local.cli;

import dev.ferry.local.LocalService;

/** Starts one service of the local data plane; {@code ferry up} starts every registered launcher. */
public interface ServiceLauncher {
    /** Short name, as in {@link LocalService#name()}. */
    String name();

    /** Starts the service on {@code port}, or on a free port when {@code port} is 0. */
    LocalService start(int port);
}
