package dev.ferry.local.front;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.http.Http1;
import dev.ferry.local.http.HttpHead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The front's HTTP behaviour, against a scripted emulator that answers every request with its body echoed. */
class ValidatingFrontTest {

    /** Refuses any request whose body says "refuse". */
    private static final RequestRules REFUSE_WORD = call -> new String(call.content(), StandardCharsets.UTF_8).contains("refuse")
            ? Verdict.refuse(new Answer(400, "application/x-amz-json-1.0", Map.of(), "{\"__type\":\"No\"}".getBytes(StandardCharsets.UTF_8)))
            : Verdict.forward();

    private final Emulator emulator = new Emulator();
    private ValidatingFront front;

    @AfterEach
    void stop() throws IOException {
        if (front != null) {
            front.close();
        }
        emulator.close();
    }

    private static String request(String body, String... extraHeaders) {
        return "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: Svc.Op\r\n"
                + String.join("", extraHeaders) + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String answer(InputStream in) throws IOException {
        HttpHead head = Http1.readHead(in).orElseThrow();
        byte[] body = in.readNBytes(head.contentLength().orElse(0L).intValue());
        return head.statusCode() + " " + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedRequestIsAnsweredByTheFrontAndNeverReachesTheEmulator() throws IOException {
        front = ValidatingFront.listen("test", 0).serve(emulator.endpoint(), REFUSE_WORD);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            client.getOutputStream().write(request("please refuse").getBytes(StandardCharsets.UTF_8));
            InputStream in = new BufferedInputStream(client.getInputStream());

            assertThat(answer(in)).isEqualTo("400 {\"__type\":\"No\"}");
        }
        assertThat(emulator.requests).isEmpty();
    }

    @Test
    void requestsOfOneClientConnectionShareOneEmulatorConnection() throws IOException {
        front = ValidatingFront.listen("test", 0).serve(emulator.endpoint(), REFUSE_WORD);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            OutputStream out = client.getOutputStream();
            InputStream in = new BufferedInputStream(client.getInputStream());
            for (String body : List.of("one", "two", "three")) {
                out.write(request(body).getBytes(StandardCharsets.UTF_8));
                assertThat(answer(in)).isEqualTo("200 " + body);
            }
        }
        assertThat(emulator.requests).containsExactly("one", "two", "three");
        assertThat(emulator.connections.get()).isEqualTo(1);
    }

    @Test
    void anIdleConnectionTheEmulatorClosedIsReplacedAndTheRequestDeliveredOnce() throws IOException {
        emulator.closeAfterEachAnswer = true;
        front = ValidatingFront.listen("test", 0).serve(emulator.endpoint(), REFUSE_WORD);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            OutputStream out = client.getOutputStream();
            InputStream in = new BufferedInputStream(client.getInputStream());
            out.write(request("first").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).isEqualTo("200 first");
            out.write(request("second").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).isEqualTo("200 second");
        }
        assertThat(emulator.requests).containsExactly("first", "second");
        assertThat(emulator.connections.get()).isEqualTo(2);
    }

    @Test
    void aChunkedRequestIsJudgedOnItsDecodedContentAndPassedOnChunked() throws IOException {
        front = ValidatingFront.listen("test", 0).serve(emulator.endpoint(), REFUSE_WORD);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            OutputStream out = client.getOutputStream();
            InputStream in = new BufferedInputStream(client.getInputStream());
            String head = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Svc.Op\r\nTransfer-Encoding: chunked\r\n\r\n";
            // "ref" + "use": the bytes on the wire never spell the word, the content does.
            out.write((head + "3\r\nref\r\n3\r\nuse\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(answer(in)).startsWith("400 ");
            out.write((head + "4\r\nacce\r\n3\r\npt!\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(answer(in)).isEqualTo("200 accept!");
        }
        assertThat(emulator.requests).containsExactly("accept!");
    }

    @Test
    void aReplacementBodyGoesOnWithItsOwnLength() throws IOException {
        RequestRules shorten = call -> Verdict.forward(AnswerObserver.NONE, "short".getBytes(StandardCharsets.UTF_8));
        front = ValidatingFront.listen("test", 0).serve(emulator.endpoint(), shorten);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            client.getOutputStream().write(request("a much longer body", "Expect: 100-continue\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = new BufferedInputStream(client.getInputStream());

            assertThat(Http1.readHead(in).orElseThrow().statusCode()).isEqualTo(100);
            assertThat(answer(in)).isEqualTo("200 short");
        }
    }

    @Test
    void withheldHeaderFieldsNeverReachTheEmulatorAndTheRestArrivesAsSent() throws IOException {
        front = ValidatingFront.listen("test", 0).withholding("User-Agent").serve(emulator.endpoint(), REFUSE_WORD);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), front.port())) {
            OutputStream out = client.getOutputStream();
            InputStream in = new BufferedInputStream(client.getInputStream());
            out.write(request("with", "user-agent: aws-sdk-java/2.57.8 md/io#sync m/D,N\r\nX-Amz-Date: 20261207T004544Z\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).isEqualTo("200 with");
            out.write(request("without").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).isEqualTo("200 without");
        }

        HttpHead with = emulator.heads.getFirst();
        assertThat(with.header("User-Agent")).isEmpty();
        assertThat(with.fields()).extracting(HttpHead.Field::name)
                .containsExactly("Host", "Content-Type", "X-Amz-Target", "X-Amz-Date", "Content-Length");
        assertThat(with.header("X-Amz-Date")).contains("20261207T004544Z");
        assertThat(new String(emulator.heads.get(1).raw(), StandardCharsets.ISO_8859_1))
                .isEqualTo(request("without").substring(0, request("without").indexOf("\r\n\r\n") + 4));
    }

    /** Answers each request with 200 and its body; optionally closes the connection after each answer. */
    private static final class Emulator implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<HttpHead> heads = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        volatile boolean closeAfterEachAnswer;
        private final ServerSocket server;

        Emulator() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                while (true) {
                    var head = Http1.readHead(in);
                    if (head.isEmpty()) {
                        return;
                    }
                    String body;
                    if (head.get().isChunked()) {
                        var decoded = new java.io.ByteArrayOutputStream();
                        Http1.copyChunked(in, Http1.discard(), decoded, false);
                        body = decoded.toString(StandardCharsets.UTF_8);
                    } else {
                        body = new String(in.readNBytes(head.get().contentLength().orElse(0L).intValue()), StandardCharsets.UTF_8);
                    }
                    requests.add(body);
                    heads.add(head.get());
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                    if (closeAfterEachAnswer) {
                        return;
                    }
                }
            } catch (IOException gone) {
                // the front went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
