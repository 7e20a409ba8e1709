package dev.ferry.local.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;

/** Stopping a loopback server: its listening socket and every connection it still holds, whatever state they are in. */
public final class OpenSockets {
    private OpenSockets() {}

    /** Closes {@code server}, then each socket of {@code open}, and forgets them; errors of sockets already gone are ignored. */
    public static void closeAll(ServerSocket server, Set<Socket> open) {
        closeQuietly(server);
        for (Socket s : List.copyOf(open)) {
            closeQuietly(s);
        }
        open.clear();
    }

    public static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed or gone: nothing left to release
        }
    }
}
