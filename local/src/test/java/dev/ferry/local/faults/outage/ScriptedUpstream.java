package dev.ferry.local.faults.outage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in service that knows nothing of HTTP: for each connection it takes the next scripted exchange,
 * reads exactly the number of bytes the test says the request has, keeps them, and writes the scripted
 * answer (which may wait for the test before sending its rest). What it received can then be compared byte
 * for byte with what the client sent through the proxy.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** What to do on one connection. */
    record Exchange(int requestBytes, Answer answer) {}

    @FunctionalInterface
    interface Answer {
        void write(OutputStream out, InputStream in) throws Exception;
    }

    private final ServerSocket server;
    private final BlockingQueue<Exchange> script = new LinkedBlockingQueue<>();
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    ScriptedUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::accept);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    ScriptedUpstream expect(int requestBytes, Answer answer) {
        script.add(new Exchange(requestBytes, answer));
        return this;
    }

    /** The bytes each connection received, in the order the connections came. */
    List<byte[]> received() {
        return List.copyOf(received);
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Exchange exchange = script.take();
                Thread.ofVirtual().start(() -> serve(s, exchange));
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private void serve(Socket s, Exchange exchange) {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] request = in.readNBytes(exchange.requestBytes());
            received.add(request);
            OutputStream out = s.getOutputStream();
            exchange.answer().write(out, in);
            out.flush();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    /** An answer that writes {@code bytes} and closes. */
    static Answer bytes(byte[] bytes) {
        return (out, in) -> out.write(bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // test teardown
        }
    }
}
