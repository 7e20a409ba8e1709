package dev.ferry.local.faults.outage;

import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.Http1;
import dev.ferry.local.http.OpenSockets;
import dev.ferry.local.http.HttpHead;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A forwarding HTTP/1.1 proxy on a loopback port of its own, standing between one function and one service.
 * Because the port belongs to one function, the proxy knows who is calling without the caller's help.
 *
 * <p>Each request is read whole (the operation of a Query-protocol call is in its body), then either answered
 * with the current outage's error or forwarded: its head and body bytes exactly as received, on a new
 * connection to the service, whose response goes back to the caller byte for byte and as it arrives (chunk by
 * chunk, for a streamed response). A fresh upstream connection per request means no stale pooled connection
 * can ever fail a forwarded call; on loopback it costs a connect. The client's connection stays open as long as
 * the client and the service both keep theirs. {@code 101 Switching Protocols} and HTTP/2 prior-knowledge
 * connections become a plain tunnel, never failed.
 */
final class OutageProxy implements AutoCloseable {

    /** Whether to fail a call, and the count of what was done with it. */
    interface Decisions {
        Optional<OutageKind> failure(String function, OutageService service, String operation);

        void counted(String function, OutageService service, String operation, boolean failed);
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int BUFFER = 16 * 1024;

    private final String function;
    private final OutageService service;
    private final InetSocketAddress upstream;
    private final Decisions decisions;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private OutageProxy(String function, OutageService service, InetSocketAddress upstream, Decisions decisions,
                        ServerSocket server) {
        this.function = function;
        this.service = service;
        this.upstream = upstream;
        this.decisions = decisions;
        this.server = server;
    }

    /** Listens on a free loopback port and forwards to {@code upstream} (a plain {@code http://} endpoint). */
    static OutageProxy start(String function, OutageService service, URI upstream, Decisions decisions) {
        if (!"http".equalsIgnoreCase(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("the outage proxy forwards plain HTTP only; " + service.endpointVariable()
                    + " is " + upstream + " (point it at an http:// endpoint such as the local cloud's or LocalStack's)");
        }
        try {
            ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            int port = upstream.getPort() < 0 ? 80 : upstream.getPort();
            OutageProxy proxy = new OutageProxy(function, service, new InetSocketAddress(upstream.getHost(), port), decisions, server);
            Thread.ofVirtual().name("outage-proxy-" + function + "-" + service.key()).start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("could not open an outage proxy port on loopback: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: what the function's {@code AWS_ENDPOINT_URL_<SERVICE>} points at. */
    URI endpoint() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("outage-proxy-connection").start(() -> serve(client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream(), BUFFER);
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), BUFFER);
            while (!closed) {
                Optional<HttpHead> head = Http1.readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                if (head.get().startLine().startsWith("PRI * HTTP/2")) {
                    tunnelNew(head.get(), client, in, out);
                    return;
                }
                if (!exchange(head.get(), client, in, out)) {
                    return;
                }
            }
        } catch (IOException gone) {
            // The caller or the service dropped the connection, or sent something that is not HTTP/1.1: the
            // caller sees its connection close, as it would talking to the service directly.
        } finally {
            open.remove(client);
        }
    }

    /** One request and its answer; true when the client's connection can carry another request. */
    private boolean exchange(HttpHead request, Socket client, InputStream in, OutputStream out) throws IOException {
        boolean chunked = request.isChunked();
        if (!chunked && request.hasTransferEncoding()) {
            throw new IOException("request transfer coding other than chunked: " + request.header("Transfer-Encoding").orElse(""));
        }
        long length = chunked ? -1 : request.contentLength().orElse(0L);
        boolean sentContinue = false;
        if ((chunked || length > 0) && request.hasToken("Expect", "100-continue")) {
            // The client waits for this before sending its body, and the proxy needs the body to decide.
            out.write(CONTINUE);
            out.flush();
            sentContinue = true;
        }
        byte[] rawBody;
        byte[] content;
        if (chunked) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            Http1.copyChunked(in, raw, decoded, false);
            rawBody = raw.toByteArray();
            content = decoded.toByteArray();
        } else {
            rawBody = readBody(in, length);
            content = rawBody;
        }
        AwsCall call = AwsCall.of(request, content);
        boolean clientCloses = request.closesConnection(request.requestVersion());
        Optional<OutageKind> failure = decisions.failure(function, service, call.operation());
        if (failure.isPresent()) {
            String requestId = UUID.randomUUID().toString();
            byte[] answer = FailureResponse.of(service, failure.get(), call, function, requestId).toHttp(requestId, clientCloses);
            // Counted before answering: a caller that sees the error also sees it counted.
            decisions.counted(function, service, call.operation(), true);
            out.write(answer);
            out.flush();
            return !clientCloses;
        }
        decisions.counted(function, service, call.operation(), false);
        return forward(request, rawBody, sentContinue, client, in, out) && !clientCloses;
    }

    private static byte[] readBody(InputStream in, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("request body of " + length + " bytes is too large to inspect");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new java.io.EOFException("connection closed inside a request body");
        }
        return body;
    }

    /** Sends the request as received on a new connection and relays the answer; true if both sides stay open. */
    private boolean forward(HttpHead request, byte[] rawBody, boolean sentContinue, Socket client, InputStream in,
                            OutputStream out) throws IOException {
        try (Socket up = new Socket()) {
            open.add(up);
            up.setTcpNoDelay(true);
            up.connect(upstream, CONNECT_TIMEOUT_MS);
            OutputStream upOut = new BufferedOutputStream(up.getOutputStream(), BUFFER);
            upOut.write(request.raw());
            upOut.write(rawBody);
            upOut.flush();
            InputStream upIn = new BufferedInputStream(up.getInputStream(), BUFFER);
            boolean headRequest = request.firstToken().equals("HEAD");
            while (true) {
                Optional<HttpHead> answer = Http1.readHead(upIn);
                if (answer.isEmpty()) {
                    return false; // the service closed without answering: so does the proxy
                }
                HttpHead response = answer.get();
                int status = response.statusCode();
                if (status == 101) {
                    out.write(response.raw());
                    out.flush();
                    Http1.tunnel(client, in, out, up, upIn, upOut);
                    return false;
                }
                if (status < 200) {
                    if (!(status == 100 && sentContinue)) { // the client already had its 100 from the proxy
                        out.write(response.raw());
                        out.flush();
                    }
                    continue;
                }
                out.write(response.raw());
                boolean keepsOpen = !response.closesConnection(response.firstToken());
                if (headRequest || status == 204 || status == 304) {
                    out.flush();
                    return keepsOpen;
                }
                if (response.isChunked()) {
                    Http1.copyChunked(upIn, out, Http1.discard(), true);
                    return keepsOpen;
                }
                Optional<Long> length = response.hasTransferEncoding() ? Optional.empty() : response.contentLength();
                if (length.isPresent()) {
                    Http1.copyExactly(upIn, length.get(), out, Http1.discard(), true);
                    out.flush();
                    return keepsOpen;
                }
                out.flush();
                Http1.copyToEnd(upIn, out); // the body ends when the service closes the connection
                return false;
            }
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    /** HTTP/2 with prior knowledge (e.g. Kinesis SubscribeToShard): passed through untouched. */
    private void tunnelNew(HttpHead preface, Socket client, InputStream in, OutputStream out) throws IOException {
        try (Socket up = new Socket()) {
            open.add(up);
            up.setTcpNoDelay(true);
            up.connect(upstream, CONNECT_TIMEOUT_MS);
            OutputStream upOut = new BufferedOutputStream(up.getOutputStream(), BUFFER);
            upOut.write(preface.raw());
            upOut.flush();
            Http1.tunnel(client, in, out, up, new BufferedInputStream(up.getInputStream(), BUFFER), upOut);
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    @Override
    public void close() {
        closed = true;
        OpenSockets.closeAll(server, open);
    }
}
