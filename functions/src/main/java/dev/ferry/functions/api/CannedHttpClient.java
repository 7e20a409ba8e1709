package dev.ferry.functions.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An HTTP client that reaches nothing: it answers every request with the empty success of its protocol, so that an
 * SDK client goes through its whole request path (marshalling, endpoint rules, signing, the HTTP pipeline, reading
 * the answer) without a network, credentials or side effects. JSON protocols (DynamoDB, SQS) get {@code {}}, CBOR
 * (Kinesis) an empty map, the query protocol (SNS) {@code <ActionResponse><ActionResult/>...}. So a GetItem finds no
 * item, a Query no items, a write succeeds. It records each operation it answered ({@code X-Amz-Target} or
 * {@code Action}), for tests and the priming report.
 */
public final class CannedHttpClient implements SdkHttpClient {

    private final List<String> operations = new ArrayList<>();

    /** The operations answered so far, in order: e.g. {@code DynamoDB_20120810.PutItem}, {@code PublishBatch}. */
    public synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request.httpRequest(), body(request.contentStreamProvider().map(p -> p.newStream())));
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    private HttpExecuteResponse answer(SdkHttpRequest request, String body) {
        String contentType = request.firstMatchingHeader("Content-Type").orElse("");
        Optional<String> target = request.firstMatchingHeader("X-Amz-Target");
        byte[] answer;
        String answerType;
        String operation;
        if (contentType.startsWith("application/x-amz-cbor")) {
            answer = new byte[] {(byte) 0xA0};
            answerType = "application/x-amz-cbor-1.1";
            operation = target.orElse("cbor");
        } else if (contentType.startsWith("application/x-amz-json")) {
            answer = "{}".getBytes(StandardCharsets.UTF_8);
            answerType = contentType;
            operation = target.orElse("json");
        } else {
            String action = action(body);
            answer = ("<" + action + "Response><" + action + "Result/><ResponseMetadata><RequestId>canned</RequestId>"
                    + "</ResponseMetadata></" + action + "Response>").getBytes(StandardCharsets.UTF_8);
            answerType = "text/xml";
            operation = action;
        }
        synchronized (this) {
            operations.add(operation);
        }
        SdkHttpFullResponse response = SdkHttpFullResponse.builder().statusCode(200)
                .putHeader("Content-Type", answerType)
                .putHeader("Content-Length", Integer.toString(answer.length))
                .putHeader("x-amzn-RequestId", "canned")
                .build();
        return HttpExecuteResponse.builder().response(response)
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
    }

    /** The query protocol's {@code Action=...} of a form-encoded body. */
    private static String action(String body) {
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "Unknown";
    }

    private static String body(Optional<InputStream> stream) {
        if (stream.isEmpty()) {
            return "";
        }
        try (InputStream in = stream.get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return "FerryCanned";
    }

    @Override
    public void close() {
        // holds nothing
    }
}
