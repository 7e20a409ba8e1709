package dev.ferry.local.faults.outage;

import static dev.ferry.local.faults.outage.ScriptedUpstream.bytes;
import static dev.ferry.local.faults.outage.ScriptedUpstream.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the outage proxy does with the calls it does not fail: they reach the service, and the answers reach
 * the function, byte for byte, whatever the framing (Content-Length, chunked with extensions and trailers,
 * close-delimited, no body), and a streamed answer arrives chunk by chunk rather than when it is complete.
 */
class OutageProxyForwardingTest {

    private static final String FUNCTION = "relay";
    private final ScriptedUpstream service = new ScriptedUpstream();
    private final Outages outages = Outages.start(OutagePlan.switchable(OutageService.SNS, OutageService.KINESIS),
            List.of(FUNCTION), Map.of("AWS_ENDPOINT_URL", service.endpoint().toString()), InstantSource.system(),
            new PrintStream(OutputStream.nullOutputStream()));

    @AfterEach
    void stop() {
        outages.close();
        service.close();
        assertThat(service.failures()).isEmpty();
    }

    private URI proxy(OutageService s) {
        return URI.create(outages.endpointsFor(FUNCTION, Map.of()).get(s.endpointVariable()));
    }

    private static Socket connect(URI endpoint) throws IOException {
        Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every byte value, and byte sequences that look like HTTP framing, which a body may contain. */
    private static byte[] binaryBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 256; i++) {
            out.write(i);
        }
        out.writeBytes(ascii("\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n0\r\n\r\n"));
        return out.toByteArray();
    }

    private static byte[] kinesisRequest(String operation, byte[] body, String extraHeaders) {
        return concat(ascii("POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nX-Amz-Target: Kinesis_20131202." + operation + "\r\n"
                + "content-type: application/x-amz-cbor-1.1\r\nContent-Length: " + body.length + "\r\n" + extraHeaders + "\r\n"), body);
    }

    private static byte[] okResponse(byte[] body) {
        return concat(ascii("HTTP/1.1 200 OK\r\nx-amzn-RequestId: 1a2b\r\nX-Odd-CASING:   spaced value\r\n"
                + "Content-Type: application/x-amz-cbor-1.1\r\nContent-Length: " + body.length + "\r\n\r\n"), body);
    }

    @Test
    void aCallTheOutageDoesNotFailReachesTheServiceAndItsAnswerTheFunctionByteForByte() throws Exception {
        outages.start(Outage.of(OutageService.KINESIS)); // fails PutRecord(s), not ListShards
        byte[] request = kinesisRequest("ListShards", binaryBody(), "");
        byte[] response = okResponse(binaryBody());
        service.expect(request.length, bytes(response));

        try (Socket client = connect(proxy(OutageService.KINESIS))) {
            client.getOutputStream().write(request);
            assertThat(client.getInputStream().readNBytes(response.length)).isEqualTo(response);
        }

        assertThat(service.received()).singleElement().isEqualTo(request);
        assertThat(outages.counters().forwardedRequests(FUNCTION, OutageService.KINESIS)).isEqualTo(1);
        assertThat(outages.counters().failedRequests()).isZero();
    }

    @Test
    void theFunctionsConnectionCarriesRequestAfterRequestUntilItAsksToClose() throws Exception {
        byte[] first = kinesisRequest("DescribeStreamSummary", ascii("{}"), "");
        byte[] second = kinesisRequest("ListShards", ascii("{}"), "Connection: close\r\n");
        byte[] answer = okResponse(ascii("{\"ok\":true}"));
        service.expect(first.length, bytes(answer)).expect(second.length, bytes(answer));

        try (Socket client = connect(proxy(OutageService.KINESIS))) {
            client.getOutputStream().write(first);
            assertThat(client.getInputStream().readNBytes(answer.length)).isEqualTo(answer);
            client.getOutputStream().write(second);
            assertThat(client.getInputStream().readNBytes(answer.length)).isEqualTo(answer);
            assertThat(client.getInputStream().read()).as("closed after Connection: close").isEqualTo(-1);
        }
        assertThat(service.received()).containsExactly(first, second);
    }

    @Test
    void aChunkedRequestIsForwardedWithItsExtensionsAndTrailersAndItsDecodedBodyDecides() throws Exception {
        outages.start(Outage.of(OutageService.SNS));
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        // "Action=Publish" split across chunks: only the decoded body says what the call is.
        byte[] publish = ascii(head + "4;ext=1\r\nActi\r\nA\r\non=Publish\r\n15\r\n&TopicArn=arn%3Atopic\r\n0\r\nX-Trailer: t\r\n\r\n");
        byte[] listTopics = ascii(head + "9\r\nAction=Li\r\n7;x\r\nstTopic\r\n1\r\ns\r\n0\r\n\r\n");
        byte[] answer = concat(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 7\r\n\r\n"), ascii("<x></x>"));
        service.expect(listTopics.length, bytes(answer));

        try (Socket client = connect(proxy(OutageService.SNS))) {
            client.getOutputStream().write(publish);
            InputStream in = client.getInputStream();
            String failure = readResponse(in);
            assertThat(failure).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("<Code>ServiceUnavailable</Code>");
            client.getOutputStream().write(listTopics);
            assertThat(in.readNBytes(answer.length)).isEqualTo(answer);
        }
        assertThat(service.received()).containsExactly(listTopics);
        assertThat(outages.counters().failedRequests(FUNCTION, OutageService.SNS)).isEqualTo(1);
    }

    @Test
    void aChunkedAnswerReachesTheFunctionChunkByChunkAsTheServiceSendsIt() throws Exception {
        byte[] request = kinesisRequest("GetRecords", ascii("{}"), "");
        byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[] firstChunk = ascii("5;name=value\r\nhello\r\n");
        byte[] rest = ascii("6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n");
        CountDownLatch firstChunkArrived = new CountDownLatch(1);
        service.expect(request.length, (out, in) -> {
            out.write(concat(head, firstChunk));
            out.flush();
            // The rest exists only once the function has read the first chunk through the proxy.
            if (!firstChunkArrived.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first chunk never reached the client");
            }
            out.write(rest);
        });

        try (Socket client = connect(proxy(OutageService.KINESIS))) {
            client.getOutputStream().write(request);
            InputStream in = client.getInputStream();
            assertThat(in.readNBytes(head.length + firstChunk.length)).isEqualTo(concat(head, firstChunk));
            firstChunkArrived.countDown();
            assertThat(in.readNBytes(rest.length)).isEqualTo(rest);
        }
    }

    @Test
    void anAnswerEndedByClosingTheConnectionIsPassedOnAndTheConnectionClosed() throws Exception {
        byte[] request = kinesisRequest("ListStreams", ascii("{}"), "");
        byte[] response = concat(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n"), binaryBody());
        service.expect(request.length, bytes(response));

        try (Socket client = connect(proxy(OutageService.KINESIS))) {
            client.getOutputStream().write(request);
            assertThat(client.getInputStream().readAllBytes()).isEqualTo(response);
        }
    }

    @Test
    void expectContinueIsAnsweredByTheProxyAndTheServicesInterimAnswerNotRepeated() throws Exception {
        byte[] body = binaryBody();
        byte[] head = ascii("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: Kinesis_20131202.ListShards\r\n"
                + "Content-Type: application/x-amz-cbor-1.1\r\nExpect: 100-continue\r\nContent-Length: " + body.length + "\r\n\r\n");
        byte[] finalAnswer = okResponse(ascii("{}"));
        service.expect(head.length + body.length, bytes(concat(ascii("HTTP/1.1 100 Continue\r\n\r\n"), finalAnswer)));

        try (Socket client = connect(proxy(OutageService.KINESIS))) {
            client.getOutputStream().write(head);
            InputStream in = client.getInputStream();
            byte[] interim = ascii("HTTP/1.1 100 Continue\r\n\r\n");
            assertThat(in.readNBytes(interim.length)).isEqualTo(interim);
            client.getOutputStream().write(body);
            assertThat(in.readNBytes(finalAnswer.length)).isEqualTo(finalAnswer);
        }
        assertThat(service.received()).singleElement().isEqualTo(concat(head, body));
    }

    @Test
    void answersWithoutABodyEndAtTheirHead() throws Exception {
        byte[] headRequest = ascii("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        byte[] headAnswer = ascii("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
        byte[] noContentRequest = ascii("DELETE /thing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        byte[] noContent = ascii("HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n");
        service.expect(headRequest.length, bytes(headAnswer)).expect(noContentRequest.length, bytes(noContent));

        try (Socket client = connect(proxy(OutageService.SNS))) {
            client.getOutputStream().write(headRequest);
            assertThat(client.getInputStream().readNBytes(headAnswer.length)).isEqualTo(headAnswer);
            client.getOutputStream().write(noContentRequest);
            assertThat(client.getInputStream().readNBytes(noContent.length)).isEqualTo(noContent);
        }
        assertThat(service.received()).containsExactly(headRequest, noContentRequest);
    }

    @Test
    void aServiceThatClosesWithoutAnsweringClosesTheFunctionsConnectionToo() throws Exception {
        byte[] request = kinesisRequest("ListShards", ascii("{}"), "");
        service.expect(request.length, (out, in) -> { });

        try (Socket client = connect(proxy(OutageService.KINESIS))) {
            client.getOutputStream().write(request);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** Reads one Content-Length response as text. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed inside a head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
