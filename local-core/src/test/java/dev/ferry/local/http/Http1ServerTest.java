package dev.ferry.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ferry's HTTP/1.1 server over raw sockets: what goes on the wire is what the tests read. */
class Http1ServerTest {
    static final int MAX_BODY = 1000;
    static final Http1Server.Response TOO_LARGE = Http1Server.Response.text(413, "text/plain", "too large");

    final List<Http1Server.Request> received = new CopyOnWriteArrayList<>();
    Http1Server server;

    @BeforeEach
    void start() throws IOException {
        server = Http1Server.start(0, 4096, MAX_BODY, TOO_LARGE, "test", request -> {
            received.add(request);
            if (request.target().equals("/fail")) {
                throw new IllegalStateException("handler failed");
            }
            return new Http1Server.Response(200, List.of(
                    new HttpHead.Field("X-Correlation-Id", "c-" + received.size()),
                    new HttpHead.Field("Idempotent-Replayed", "true"),
                    new HttpHead.Field("Set-Cookie", "a=1"),
                    new HttpHead.Field("Set-Cookie", "b=2"),
                    new HttpHead.Field("content-length", "999"),
                    new HttpHead.Field("Connection", "upgrade"),
                    new HttpHead.Field("Content-Type", "text/plain")),
                    (request.method() + " " + request.target() + " " + new String(request.body(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A response read off the wire: its head as sent and its body by Content-Length. */
    record Answer(HttpHead head, String body) {
        List<String> lines() {
            return new String(head.raw(), StandardCharsets.ISO_8859_1).lines().toList();
        }
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    private static void send(Socket socket, String bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static Answer read(InputStream in) throws IOException {
        HttpHead head = Http1.readHead(in).orElseThrow();
        int length = head.contentLength().orElse(0L).intValue();
        return new Answer(head, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private Answer exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            send(socket, request);
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    @Test
    void headerNamesGoOnTheWireExactlyAsTheHandlerWroteThemEveryValueOnItsOwnLine() throws IOException {
        Answer answer = exchange("GET /x HTTP/1.1\r\nHost: h\r\nX-Mixed-CASE: v\r\n\r\n");

        assertThat(answer.lines()).contains("HTTP/1.1 200 OK", "X-Correlation-Id: c-1", "Idempotent-Replayed: true",
                "Set-Cookie: a=1", "Set-Cookie: b=2", "Content-Type: text/plain", "Content-Length: 7");
        assertThat(answer.lines()).filteredOn(line -> line.toLowerCase().startsWith("content-length")).hasSize(1);
        assertThat(answer.lines()).noneMatch(line -> line.startsWith("Connection"));
        assertThat(answer.lines()).anyMatch(line -> line.startsWith("Date: "));
        assertThat(answer.body()).isEqualTo("GET /x ");
        // The request's names too reach the handler as the client wrote them.
        assertThat(received.getFirst().headers()).contains(new HttpHead.Field("X-Mixed-CASE", "v"));
    }

    @Test
    void aKeepAliveConnectionCarriesSeveralRequestsPipelinedOrNot() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 1; i <= 3; i++) {
                send(socket, "POST /n" + i + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nb" + i);
                Answer answer = read(in);
                assertThat(answer.body()).isEqualTo("POST /n" + i + " b" + i);
                assertThat(answer.head().header("X-Correlation-Id")).contains("c-" + i);
            }
            send(socket, "GET /p1 HTTP/1.1\r\nHost: h\r\n\r\nGET /p2 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertThat(read(in).body()).isEqualTo("GET /p1 ");
            Answer last = read(in);
            assertThat(last.body()).isEqualTo("GET /p2 ");
            assertThat(last.head().header("Connection")).contains("close");
            assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
        }
    }

    @Test
    void aChunkedBodyArrivesWhole() throws IOException {
        Answer answer = exchange("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(answer.body()).isEqualTo("POST /c hello world");
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertThat(Http1.readHead(in).orElseThrow().startLine()).isEqualTo("HTTP/1.1 100 Continue");
            send(socket, "body");
            assertThat(read(in).body()).isEqualTo("PUT /e body");
        }
    }

    @Test
    void aBodyAboveTheLimitIsReadAndAnsweredWithTheGivenAnswer() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n" + "x".repeat(MAX_BODY + 1));
            Answer answer = read(in);
            assertThat(answer.head().startLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            assertThat(answer.body()).isEqualTo("too large");
            // The body was read to its end: the connection goes on.
            send(socket, "GET /after HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(read(in).body()).isEqualTo("GET /after ");
        }
        Answer chunked = exchange("POST /big HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3e8\r\n" + "y".repeat(1000) + "\r\n1\r\nz\r\n0\r\n\r\n");
        assertThat(chunked.head().startLine()).startsWith("HTTP/1.1 413");
        assertThat(received).extracting(Http1Server.Request::target).containsExactly("/after");
    }

    @Test
    void aBodyAboveTheLimitAnnouncedWithExpectContinueIsRefusedWithoutWaitingForIt() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /big HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
            Answer answer = read(in);
            assertThat(answer.head().startLine()).startsWith("HTTP/1.1 413");
            assertThat(answer.head().header("Connection")).contains("close");
        }
    }

    @Test
    void aHeadAboveTheLimitIsAnswered431AndTheConnectionClosed() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n");
            Answer answer = read(in);
            assertThat(answer.head().startLine()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
            assertThat(answer.head().header("Connection")).contains("close");
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(received).isEmpty();
    }

    @Test
    void malformedRequestsAreAnswered400WithConnectionClose() throws IOException {
        for (String request : List.of(
                "NONSENSE\r\n\r\n",
                "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
                "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) {
            try (Socket socket = connect()) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                send(socket, request);
                Answer answer = read(in);
                assertThat(answer.head().startLine()).as(request).isEqualTo("HTTP/1.1 400 Bad Request");
                assertThat(answer.head().header("Connection")).as(request).contains("close");
                assertThat(in.read()).as(request).isEqualTo(-1);
            }
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aFailingHandlerIsA500AndAClosedConnection() throws IOException {
        Answer answer = exchange("GET /fail HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(answer.head().startLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
        assertThat(answer.head().header("Connection")).contains("close");
    }

    @Test
    void headAnswersCarryTheLengthButNoBody() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /g HTTP/1.1\r\nHost: h\r\n\r\n");
            HttpHead head = Http1.readHead(in).orElseThrow();
            assertThat(head.contentLength()).contains((long) "HEAD /h ".length());
            // No body follows: the next bytes are the next answer.
            assertThat(read(in).body()).isEqualTo("GET /g ");
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /old HTTP/1.0\r\n\r\n");
            assertThat(read(in).head().header("Connection")).contains("close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aJdkClientTalksToIt() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = URI.create("http://127.0.0.1:" + server.port());
        HttpResponse<String> posted = client.send(HttpRequest.newBuilder(base.resolve("/j"))
                .POST(HttpRequest.BodyPublishers.ofString("jdk")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> got = client.send(HttpRequest.newBuilder(base.resolve("/k")).expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofString("more")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(posted.body()).isEqualTo("POST /j jdk");
        assertThat(posted.headers().allValues("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(got.body()).isEqualTo("PUT /k more");
    }

    @Test
    void headerValuesThatWouldSplitTheHeadAreRefused() {
        assertThatThrownBy(() -> new Http1Server.Response(200, List.of(new HttpHead.Field("X-A", "1\r\nX-B: 2")), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Http1Server.Response(200, List.of(new HttpHead.Field("X A", "1")), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopReleasesThePortAndClosesOpenConnections() throws IOException {
        int port = server.port();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = connect();
                idle.add(socket);
                send(socket, "GET /warm HTTP/1.1\r\nHost: h\r\n\r\n");
                read(new BufferedInputStream(socket.getInputStream()));
            }
            server.close();

            for (Socket socket : idle) {
                socket.setSoTimeout(5_000);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
            try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }
}
