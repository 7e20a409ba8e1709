package dev.ferry.local.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What an AWS API request asks for, read from its head and (decoded) body: the operation and the protocol it
 * was spoken in, which is the protocol its error answer has to be in.
 *
 * @param operation   e.g. {@code PutRecords}; empty when the request names none
 * @param protocol    how the request (and so the answer) is encoded
 * @param contentType the request's Content-Type, echoed in JSON and CBOR answers
 * @param content     the request body, with any chunked transfer coding removed
 */
public record AwsCall(String operation, Protocol protocol, String contentType, byte[] content) {

    public enum Protocol {
        /** {@code Action=...} form parameters, XML answers: SNS (and SQS, EC2-style services). */
        QUERY,
        /** {@code X-Amz-Target} header, JSON body ({@code application/x-amz-json-1.x}). */
        JSON,
        /** {@code X-Amz-Target} header, CBOR body ({@code application/x-amz-cbor-1.1}): the SDK v2 default for Kinesis. */
        CBOR
    }

    public static AwsCall of(HttpHead request, byte[] content) {
        String contentType = request.header("Content-Type").orElse("");
        Optional<String> target = request.header("X-Amz-Target");
        if (target.isPresent()) {
            String t = target.get();
            String operation = t.substring(t.lastIndexOf('.') + 1);
            Protocol protocol = contentType.toLowerCase(Locale.ROOT).contains("cbor") ? Protocol.CBOR : Protocol.JSON;
            return new AwsCall(operation, protocol, contentType, content);
        }
        String target2 = request.secondToken();
        int query = target2.indexOf('?');
        Optional<String> action = query < 0 ? Optional.empty() : formValue(target2.substring(query + 1), "Action");
        if (action.isEmpty() && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            action = formValue(new String(content, StandardCharsets.UTF_8), "Action");
        }
        return new AwsCall(action.orElse(""), Protocol.QUERY, contentType, content);
    }

    /** The first value of a parameter in {@code application/x-www-form-urlencoded} text. */
    public static Optional<String> formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}
