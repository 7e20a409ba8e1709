package dev.ferry.local.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Creates the JDK HTTP servers the emulators and the API front listen with: loopback only, no Nagle delay. */
public final class LoopbackHttpServer {
    private LoopbackHttpServer() {}

    /** An unstarted server on 127.0.0.1 at {@code port} (0 picks a free port). */
    public static HttpServer create(int port, int backlog) throws IOException {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, a large body then
        // waits for the client's delayed ACK (~40 ms per response). The JDK reads this property once, when
        // its first server starts, so every server of ours sets it before creating one.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
