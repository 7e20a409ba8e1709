package dev.ferry.local.front;

import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.Http1;
import dev.ferry.local.http.OpenSockets;
import dev.ferry.local.http.HttpHead;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback HTTP/1.1 front before a borrowed emulator: every request is read whole, judged by the service's
 * {@link RequestRules}, and then either answered with AWS's error or passed on byte for byte; the emulator's
 * answer comes back byte for byte too (error answers may get AWS's shape from an {@link AnswerObserver}).
 *
 * <p>Because it sits on the endpoint every client is given, the functions, the tests, the AWS CLI and Ferry's own
 * tools all meet AWS's rules, whichever SDK they use. Each client connection gets one connection to the emulator,
 * kept open as long as both sides keep theirs, so a call costs no extra connect; an emulator that closed an idle
 * connection is reconnected once, before anything of the request reached it. HTTP/2 with prior knowledge (Kinesis
 * SubscribeToShard) is tunnelled untouched.
 */
public final class ValidatingFront implements AutoCloseable {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int BUFFER = 16 * 1024;

    private final String service;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress upstream;
    private volatile RequestRules rules;
    /** Header fields (lower case) taken out of requests before they go to the emulator. */
    private volatile Set<String> withheld = Set.of();
    private volatile CallMeter meter = CallMeter.NONE;
    private volatile boolean closed;

    private ValidatingFront(String service, ServerSocket server) {
        this.service = service;
        this.server = server;
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 = any free port) without serving yet, so that the emulator behind can be told
     * the address its clients use (e.g. in the queue URLs it hands out) before it starts.
     */
    public static ValidatingFront listen(String service, int port) {
        try {
            return new ValidatingFront(service, new ServerSocket(port, 128, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new IllegalStateException("the " + service + " front could not listen on 127.0.0.1:" + port + ": "
                    + e.getMessage() + (port == 0 ? "" : ". Is the port in use? Choose another or 0 for any free port."), e);
        }
    }

    /**
     * Takes these header fields out of every request it passes on: fields the emulator has no use for but spends
     * time on. ElasticMQ's HTTP server parses {@code User-Agent} into product tokens, which the AWS SDKs' value
     * ({@code aws-sdk-java/2.x md/io#sync ... m/D,N}) is not, and pekko's parser reports each failure by running
     * again and throwing an exception per rule: about ten exceptions per SQS call. Call before {@link #serve}.
     */
    public ValidatingFront withholding(String... headerNames) {
        Set<String> names = new java.util.HashSet<>();
        for (String name : headerNames) {
            names.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        this.withheld = Set.copyOf(names);
        return this;
    }

    /** Shows every request and its verdict to {@code meter} from now on (e.g. to count billed requests). */
    public ValidatingFront metering(CallMeter meter) {
        this.meter = Objects.requireNonNull(meter, "meter");
        return this;
    }

    /** Starts serving: requests that pass {@code rules} go to {@code emulator}, a plain {@code http://} endpoint. */
    public ValidatingFront serve(URI emulator, RequestRules rules) {
        Objects.requireNonNull(rules, "rules");
        if (!"http".equalsIgnoreCase(emulator.getScheme()) || emulator.getHost() == null || emulator.getPort() < 0) {
            throw new IllegalArgumentException("a front forwards to a plain http://host:port endpoint, not " + emulator);
        }
        if (this.rules != null) {
            throw new IllegalStateException("the " + service + " front is already serving");
        }
        this.upstream = new InetSocketAddress(emulator.getHost(), emulator.getPort());
        this.rules = rules;
        Thread.ofVirtual().name("ferry-" + service + "-front").start(this::acceptLoop);
        return this;
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint clients are given. */
    public URI endpoint() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("ferry-" + service + "-front-connection").start(() -> serve(client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** One client connection and the emulator connection paired with it. */
    private final class Connection {
        final Socket client;
        final InputStream in;
        final OutputStream out;
        Socket up;
        InputStream upIn;
        OutputStream upOut;

        Connection(Socket client) throws IOException {
            this.client = client;
            this.in = new BufferedInputStream(client.getInputStream(), BUFFER);
            this.out = new BufferedOutputStream(client.getOutputStream(), BUFFER);
        }

        /** The emulator connection: the open one, or a new one. True when it is a reused one. */
        boolean connectUpstream() throws IOException {
            if (up != null && !up.isClosed()) {
                return true;
            }
            Socket socket = new Socket();
            open.add(socket);
            socket.setTcpNoDelay(true);
            socket.connect(upstream, CONNECT_TIMEOUT_MS);
            up = socket;
            upIn = new BufferedInputStream(socket.getInputStream(), BUFFER);
            upOut = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            return false;
        }

        void dropUpstream() {
            if (up != null) {
                try {
                    up.close();
                } catch (IOException ignored) {
                    // already gone
                }
                open.remove(up);
                up = null;
            }
        }
    }

    private void serve(Socket client) {
        Connection c = null;
        try (client) {
            client.setTcpNoDelay(true);
            c = new Connection(client);
            while (!closed) {
                Optional<HttpHead> head = Http1.readHead(c.in);
                if (head.isEmpty()) {
                    return;
                }
                if (head.get().startLine().startsWith("PRI * HTTP/2")) {
                    tunnel(head.get(), c);
                    return;
                }
                if (!exchange(head.get(), c)) {
                    return;
                }
            }
        } catch (IOException gone) {
            // The caller or the emulator dropped the connection, or sent something that is not HTTP/1.1: the caller
            // sees its connection close, as it would talking to the emulator directly.
        } finally {
            if (c != null) {
                c.dropUpstream();
            }
            open.remove(client);
        }
    }

    /** One request and its answer; true when the client's connection can carry another request. */
    private boolean exchange(HttpHead request, Connection c) throws IOException {
        boolean chunked = request.isChunked();
        if (!chunked && request.hasTransferEncoding()) {
            throw new IOException("request transfer coding other than chunked: " + request.header("Transfer-Encoding").orElse(""));
        }
        long length = chunked ? -1 : request.contentLength().orElse(0L);
        boolean sentContinue = false;
        if ((chunked || length > 0) && request.hasToken("Expect", "100-continue")) {
            // The client waits for this before sending its body, and the front needs the body to judge the request.
            c.out.write(CONTINUE);
            c.out.flush();
            sentContinue = true;
        }
        byte[] rawBody;
        byte[] content;
        if (chunked) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            Http1.copyChunked(c.in, raw, decoded, false);
            rawBody = raw.toByteArray();
            content = decoded.toByteArray();
        } else {
            rawBody = readBody(c.in, length);
            content = rawBody;
        }
        boolean clientCloses = request.closesConnection(request.requestVersion());
        AwsCall call = AwsCall.of(request, content);
        Verdict verdict = meter.metered(request, call, rules.inspect(call));
        return switch (verdict) {
            case Verdict.Refuse refuse -> {
                c.out.write(refuse.answer().toHttp(clientCloses));
                c.out.flush();
                yield !clientCloses;
            }
            case Verdict.Forward forward -> forward.body().isPresent()
                    ? forward(withBody(request, forward.body().get()), forward.body().get(), sentContinue, c, forward.observer())
                            && !clientCloses
                    : forward(request, rawBody, sentContinue, c, forward.observer()) && !clientCloses;
        };
    }

    private static byte[] readBody(InputStream in, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("request body of " + length + " bytes is too large to inspect");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("connection closed inside a request body");
        }
        return body;
    }

    /** Sends the request to the emulator and relays its answer; true if both sides stay open. */
    private boolean forward(HttpHead request, byte[] rawBody, boolean sentContinue, Connection c, AnswerObserver observer)
            throws IOException {
        Optional<HttpHead> first = send(withoutWithheld(request), rawBody, c);
        if (first.isEmpty()) {
            return false; // the emulator closed without answering: so does the front
        }
        HttpHead response = first.get();
        boolean headRequest = request.firstToken().equals("HEAD");
        while (true) {
            int status = response.statusCode();
            if (status == 101) {
                c.out.write(response.raw());
                c.out.flush();
                Http1.tunnel(c.client, c.in, c.out, c.up, c.upIn, c.upOut);
                return false;
            }
            if (status >= 200) {
                break;
            }
            if (!(status == 100 && sentContinue)) { // the client already had its 100 from the front
                c.out.write(response.raw());
                c.out.flush();
            }
            response = Http1.readHead(c.upIn).orElseThrow(() -> new EOFException("the emulator closed inside an answer"));
        }
        int status = response.statusCode();
        boolean keepsOpen = !response.closesConnection(response.firstToken());
        if (status < 400) {
            observer.succeeded();
        }
        boolean bodiless = headRequest || status == 204 || status == 304;
        Optional<Long> length = response.hasTransferEncoding() ? Optional.empty() : response.contentLength();
        boolean rewrite = status >= 400 ? observer.rewritesErrors() : observer.rewritesSuccesses();
        if (rewrite && !bodiless && (response.isChunked() || length.isPresent())) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (response.isChunked()) {
                Http1.copyChunked(c.upIn, raw, body, false);
            } else {
                Http1.copyExactly(c.upIn, length.get(), raw, body, false);
            }
            if (status < 400) {
                byte[] rewritten = observer.rewriteSuccess(body.toByteArray());
                c.out.write(withBody(response, rewritten).raw());
                c.out.write(rewritten);
            } else {
                Optional<Answer> replacement = observer.failed(status, response, body.toByteArray());
                if (replacement.isPresent()) {
                    c.out.write(replacement.get().toHttp(!keepsOpen));
                } else {
                    c.out.write(response.raw());
                    raw.writeTo(c.out);
                }
            }
            c.out.flush();
            return keepsOpen;
        }
        c.out.write(response.raw());
        if (bodiless) {
            c.out.flush();
            return keepsOpen;
        }
        if (response.isChunked()) {
            Http1.copyChunked(c.upIn, c.out, Http1.discard(), true);
            return keepsOpen;
        }
        if (length.isPresent()) {
            Http1.copyExactly(c.upIn, length.get(), c.out, Http1.discard(), false);
            c.out.flush();
            return keepsOpen;
        }
        c.out.flush();
        Http1.copyToEnd(c.upIn, c.out); // the body ends when the emulator closes the connection
        return false;
    }

    /**
     * Writes the request to the emulator and reads the head of its answer. A reused connection the emulator had
     * closed while idle shows as an end of stream before any answer: then the request is sent once more on a new
     * connection (the emulator never read it, since it closed before answering a request it had).
     */
    private Optional<HttpHead> send(HttpHead request, byte[] rawBody, Connection c) throws IOException {
        boolean reused = c.connectUpstream();
        try {
            c.upOut.write(request.raw());
            c.upOut.write(rawBody);
            c.upOut.flush();
            Optional<HttpHead> head = Http1.readHead(c.upIn);
            if (head.isPresent() || !reused) {
                return head;
            }
        } catch (SocketException stale) {
            if (!reused) {
                throw stale;
            }
        }
        c.dropUpstream();
        c.connectUpstream();
        c.upOut.write(request.raw());
        c.upOut.write(rawBody);
        c.upOut.flush();
        return Http1.readHead(c.upIn);
    }

    /** The request head without the {@link #withholding withheld} fields; the same head when it has none. */
    HttpHead withoutWithheld(HttpHead request) {
        Set<String> names = withheld;
        if (names.isEmpty() || request.fields().stream().noneMatch(f -> names.contains(f.name().toLowerCase(java.util.Locale.ROOT)))) {
            return request;
        }
        List<HttpHead.Field> kept = request.fields().stream()
                .filter(f -> !names.contains(f.name().toLowerCase(java.util.Locale.ROOT))).toList();
        StringBuilder head = new StringBuilder(request.raw().length).append(request.startLine()).append("\r\n");
        kept.forEach(f -> head.append(f.name()).append(": ").append(f.value()).append("\r\n"));
        head.append("\r\n");
        return new HttpHead(head.toString().getBytes(StandardCharsets.ISO_8859_1), request.startLine(), kept);
    }

    /**
     * The same message head for a different body: its framing fields (Content-Length, Transfer-Encoding, and Expect,
     * which the front has answered already) replaced by the new body's length.
     */
    private static HttpHead withBody(HttpHead message, byte[] body) {
        StringBuilder head = new StringBuilder(message.raw().length + 32).append(message.startLine()).append("\r\n");
        List<HttpHead.Field> fields = new ArrayList<>();
        for (HttpHead.Field field : message.fields()) {
            String name = field.name();
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")
                    && !name.equalsIgnoreCase("Expect")) {
                fields.add(field);
            }
        }
        fields.add(new HttpHead.Field("Content-Length", Integer.toString(body.length)));
        fields.forEach(f -> head.append(f.name()).append(": ").append(f.value()).append("\r\n"));
        head.append("\r\n");
        return new HttpHead(head.toString().getBytes(StandardCharsets.ISO_8859_1), message.startLine(), fields);
    }

    /** HTTP/2 with prior knowledge: passed through untouched, on a connection of its own. */
    private void tunnel(HttpHead preface, Connection c) throws IOException {
        c.dropUpstream();
        c.connectUpstream();
        c.upOut.write(preface.raw());
        c.upOut.flush();
        Http1.tunnel(c.client, c.in, c.out, c.up, c.upIn, c.upOut);
    }

    /** Stops listening and closes every connection, the callers' and the emulator's. Idempotent. */
    @Override
    public void close() {
        closed = true;
        OpenSockets.closeAll(server, open);
    }

    @Override
    public String toString() {
        return "ValidatingFront[" + service + " " + endpoint() + " -> " + upstream + "]";
    }
}
