package dev.ferry.local.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** Creates the JDK HTTP servers the emulators listen with: loopback only, no Nagle delay. (The API front has its own, {@link Http1Server}.) */
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

    /** A started server on 127.0.0.1 at {@code port} (0 picks a free port) that gives every request to {@code handler}. */
    public static HttpServer serve(int port, int backlog, HttpHandler handler, Executor executor) throws IOException {
        HttpServer server = create(port, backlog);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return server;
    }
}
