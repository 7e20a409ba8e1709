package dev.ferry.local.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server on a loopback port that writes header names exactly as its handler gives them. The
 * JDK's {@code com.sun.net.httpserver} re-cases every name ({@code X-Correlation-Id} becomes
 * {@code X-correlation-id}) and answers some malformed requests itself before any handler runs; a front that
 * must answer as the service it stands in for (API Gateway sends names as the integration wrote them) needs
 * neither.
 *
 * <p>One virtual thread per connection, requests read in turn (keep-alive and pipelining), bodies framed by
 * {@code Content-Length} or chunked ({@code Expect: 100-continue} honoured), each request given whole to the
 * handler. Answers are written head and body in one write on a socket without Nagle's delay. The server itself
 * answers only what the handler cannot: a malformed request ({@code 400}), a head above the limit
 * ({@code 431}), a body above the limit (the caller's answer); each with {@code Connection: close}.
 * {@link #close()} releases the port and closes every connection.
 */
public final class Http1Server implements AutoCloseable {

    /** A request as it arrived: header fields in order and with the client's casing, the body de-chunked. */
    public record Request(String method, String target, String version, List<HttpHead.Field> headers, byte[] body,
                          String remoteAddress) {
        public Request {
            headers = List.copyOf(headers);
        }

        /** The target's path, still percent-encoded. */
        public String rawPath() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** The target's query, still percent-encoded; null when there is no {@code ?}. */
        public String rawQuery() {
            int q = target.indexOf('?');
            return q < 0 ? null : target.substring(q + 1);
        }
    }

    /**
     * An answer. {@code headers} are written in order with their names as given; the server adds
     * {@code Content-Length} (and {@code Date} when absent) and owns the framing, so {@code Content-Length},
     * {@code Transfer-Encoding} and {@code Connection} given here are left out. Names must be HTTP tokens and values
     * must not hold CR, LF or NUL: anything else is an {@link IllegalArgumentException} here, never a split
     * header on the wire.
     */
    public record Response(int status, List<HttpHead.Field> headers, byte[] body) {
        public Response {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("status " + status);
            }
            headers = List.copyOf(headers);
            for (HttpHead.Field f : headers) {
                if (!isToken(f.name())) {
                    throw new IllegalArgumentException("not a header name: " + f.name());
                }
                if (f.value().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0 || c > 0xff)) {
                    throw new IllegalArgumentException("header value of " + f.name() + " holds a forbidden character");
                }
            }
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, List.of(new HttpHead.Field("Content-Type", contentType)),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers one request; runs on the connection's virtual thread. An exception closes the connection. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int BUFFER = 16 * 1024;

    private final ServerSocket server;
    private final Handler handler;
    private final int maxHead;
    private final long maxBody;
    private final Response bodyTooLarge;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private Http1Server(ServerSocket server, Handler handler, int maxHead, long maxBody, Response bodyTooLarge, String name) {
        this.server = server;
        this.handler = handler;
        this.maxHead = maxHead;
        this.maxBody = maxBody;
        this.bodyTooLarge = bodyTooLarge;
        this.acceptor = Thread.ofVirtual().name(name + "-accept").unstarted(this::acceptLoop);
    }

    /**
     * Listens on 127.0.0.1 at {@code port} (0 picks a free one). Heads above {@code maxHead} bytes are answered
     * {@code 431}; bodies above {@code maxBody} bytes are read to their end and answered {@code bodyTooLarge}.
     */
    public static Http1Server start(int port, int maxHead, long maxBody, Response bodyTooLarge, String name,
                                    Handler handler) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Http1Server server = new Http1Server(socket, handler, maxHead, maxBody, bodyTooLarge, name);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed || server.isClosed()) {
                    return;
                }
                continue;
            }
            open.add(client);
            if (closed) {
                closeQuietly(client);
                return;
            }
            Thread.ofVirtual().name("http1-connection").start(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream(), BUFFER);
            OutputStream out = client.getOutputStream();
            while (!closed && exchange(client, in, out)) {
                // next request on the same connection
            }
        } catch (IOException gone) {
            // the client went away, or the server is stopping
        } finally {
            open.remove(client);
        }
    }

    /** One request and its answer; true when the connection can carry another. */
    private boolean exchange(Socket client, InputStream in, OutputStream out) throws IOException {
        Optional<HttpHead> read;
        try {
            read = Http1.readHead(in, maxHead);
        } catch (Http1.HeadTooLargeException e) {
            write(out, Response.text(431, "text/plain; charset=utf-8", "Request header fields too large"), false, true);
            return false;
        } catch (EOFException e) {
            return false;
        } catch (SocketException e) {
            throw e;
        } catch (IOException malformed) {
            badRequest(out);
            return false;
        }
        if (read.isEmpty()) {
            return false;
        }
        HttpHead head = read.get();
        String[] start = head.startLine().split(" ", -1);
        if (start.length != 3 || start[0].isEmpty() || !isToken(start[0]) || start[1].isEmpty()
                || !(start[2].equals("HTTP/1.1") || start[2].equals("HTTP/1.0"))
                || start[1].chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            badRequest(out);
            return false;
        }
        String method = start[0];
        String version = start[2];
        boolean chunked = head.isChunked();
        long length;
        try {
            if (head.hasTransferEncoding() && (!chunked || head.contentLength().isPresent())) {
                // Another coding, or both framings at once (a smuggling risk): RFC 9112, section 6.1.
                badRequest(out);
                return false;
            }
            length = chunked ? -1 : head.contentLength().orElse(0L);
        } catch (IOException conflicting) {
            badRequest(out);
            return false;
        }
        boolean expectsContinue = version.equals("HTTP/1.1") && head.hasToken("Expect", "100-continue");
        if (!chunked && length > maxBody) {
            if (expectsContinue) {
                // The client waits before sending: answer at once and drop the connection it holds the body for.
                write(out, bodyTooLarge, false, true);
                return false;
            }
        }
        if (expectsContinue && (chunked || length > 0)) {
            out.write(CONTINUE);
            out.flush();
        }
        Bounded body = new Bounded(maxBody);
        try {
            if (chunked) {
                Http1.copyChunked(in, Http1.discard(), body, false);
            } else {
                Http1.copyExactly(in, length, Http1.discard(), body, false);
            }
        } catch (EOFException | SocketException e) {
            return false;
        } catch (IOException malformed) {
            badRequest(out);
            return false;
        }
        boolean close = closed || head.closesConnection(version);
        boolean headRequest = method.equals("HEAD");
        if (body.overflowed()) {
            write(out, bodyTooLarge, headRequest, close);
            return !close;
        }
        Response response;
        try {
            response = handler.handle(new Request(method, start[1], version, head.fields(), body.toByteArray(),
                    client.getInetAddress().getHostAddress()));
        } catch (Exception e) {
            write(out, Response.text(500, "text/plain; charset=utf-8", "Internal Server Error"), headRequest, true);
            return false;
        }
        write(out, response, headRequest, close);
        return !close;
    }

    private void badRequest(OutputStream out) throws IOException {
        write(out, Response.text(400, "text/plain; charset=utf-8", "Bad Request"), false, true);
    }

    /** Head and body in one write: with Nagle off, a split write would cost a packet each. */
    private static void write(OutputStream out, Response response, boolean headRequest, boolean close) throws IOException {
        int status = response.status();
        boolean noContent = status < 200 || status == 204 || status == 304;
        byte[] body = noContent || headRequest ? new byte[0] : response.body();
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\n");
        boolean date = false;
        for (HttpHead.Field f : response.headers()) {
            String name = f.name();
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                continue;
            }
            date |= name.equalsIgnoreCase("Date");
            head.append(name).append(": ").append(f.value()).append("\r\n");
        }
        if (!date) {
            head.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                    .append("\r\n");
        }
        if (!noContent && (headRequest ? response.body().length > 0 : true)) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        out.write(message);
        out.flush();
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status < 200 ? "Informational" : status < 300 ? "Success" : status < 400 ? "Redirection"
                    : status < 500 ? "Client Error" : "Server Error";
        };
    }

    /** Stops accepting, releases the port and closes every connection (a handler still running finds its socket closed). */
    @Override
    public void close() {
        closed = true;
        OpenSockets.closeAll(server, open);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : List.copyOf(open)) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Keeps the first {@code limit} bytes and counts the rest: a body above the limit is read to its end, not kept. */
    private static final class Bounded extends OutputStream {
        private final long limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean overflowed;

        Bounded(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (overflowed) {
                return;
            }
            if (kept.size() + (long) len > limit) {
                overflowed = true;
                kept.reset();
                return;
            }
            kept.write(b, off, len);
        }

        boolean overflowed() {
            return overflowed;
        }

        byte[] toByteArray() {
            return kept.toByteArray();
        }
    }
}
