package dev.ferry.local.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The head of an HTTP/1.x message exactly as it arrived: its bytes (start line, header fields, the empty
 * line), so that the proxy can pass it on unchanged, and the parsed start line and fields, so that it can
 * decide what to do with it.
 */
public record HttpHead(byte[] raw, String startLine, List<Field> fields) {

    public record Field(String name, String value) {}

    public HttpHead {
        fields = List.copyOf(fields);
    }

    /** The first value of a header field, names compared case-insensitively as HTTP does. */
    public Optional<String> header(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    /** Whether a comma-separated header field (Connection, Transfer-Encoding, Expect) lists {@code token}. */
    public boolean hasToken(String name, String token) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name))
                .flatMap(f -> Arrays.stream(f.value().split(",")))
                .anyMatch(t -> t.trim().equalsIgnoreCase(token));
    }

    /**
     * Whether the connection ends after this message: {@code Connection: close}, or HTTP/1.0 without
     * keep-alive. {@code version} is the request's version for a request, the status line's for a response.
     */
    public boolean closesConnection(String version) {
        return hasToken("Connection", "close") || (version.equals("HTTP/1.0") && !hasToken("Connection", "keep-alive"));
    }

    /** The request method, or the protocol version of a response ({@code HTTP/1.1}). */
    public String firstToken() {
        int space = startLine.indexOf(' ');
        return space < 0 ? startLine : startLine.substring(0, space);
    }

    /** The request target ({@code /path?query}) or the status code of a response. */
    public String secondToken() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? parts[1] : "";
    }

    /** The protocol version of a request ({@code HTTP/1.1}). */
    public String requestVersion() {
        int space = startLine.lastIndexOf(' ');
        return space < 0 ? "" : startLine.substring(space + 1);
    }

    /** The status code of a response head; a malformed one is an {@link IOException} for the caller. */
    public int statusCode() throws IOException {
        try {
            return Integer.parseInt(secondToken());
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line from upstream: " + startLine);
        }
    }

    /** Transfer-Encoding ends in chunked: the body is a sequence of chunks. */
    public boolean isChunked() {
        List<String> codings = fields.stream().filter(f -> f.name().equalsIgnoreCase("Transfer-Encoding"))
                .flatMap(f -> Arrays.stream(f.value().split(","))).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).toList();
        return !codings.isEmpty() && codings.getLast().equals("chunked");
    }

    public boolean hasTransferEncoding() {
        return header("Transfer-Encoding").isPresent();
    }

    /** The Content-Length, if the message has one; differing values are an error (RFC 9112, section 6.3). */
    public Optional<Long> contentLength() throws IOException {
        List<String> values = fields.stream().filter(f -> f.name().equalsIgnoreCase("Content-Length"))
                .flatMap(f -> Arrays.stream(f.value().split(","))).map(String::trim).distinct().toList();
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new IOException("conflicting Content-Length values " + values);
        }
        try {
            long length = Long.parseLong(values.getFirst());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(length);
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length: " + values.getFirst());
        }
    }
}
