package dev.ferry.local.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Just enough HTTP/1.1 message framing (RFC 9112) to find where each message ends while copying its bytes
 * unchanged: heads, Content-Length bodies, chunked bodies with their extensions and trailers, and bodies
 * delimited by the connection closing.
 */
public final class Http1 {
    /** Longer heads are refused; AWS SDK requests carry a few hundred bytes of headers. */
    public static final int MAX_HEAD = 64 * 1024;
    private static final int BUFFER = 16 * 1024;

    private Http1() {}

    /** A message head (or a chunk-size or trailer line) longer than the limit. */
    public static final class HeadTooLargeException extends IOException {
        public HeadTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Reads one message head. Empty when the connection ends cleanly before the first byte (the client
     * closed an idle keep-alive connection); a connection that ends inside a head is an {@link EOFException}.
     * Empty lines before a request line are skipped, as RFC 9112 (section 2.2) lets a server do.
     */
    public static Optional<HttpHead> readHead(InputStream in) throws IOException {
        return readHead(in, MAX_HEAD);
    }

    /**
     * {@link #readHead(InputStream)} with a limit of its own: a head longer than {@code maxHead} bytes is a
     * {@link HeadTooLargeException}.
     */
    public static Optional<HttpHead> readHead(InputStream in, int maxHead) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(512);
        String startLine;
        do {
            raw.reset();
            Optional<String> line = readLine(in, raw, true, maxHead);
            if (line.isEmpty()) {
                return Optional.empty();
            }
            startLine = line.get();
        } while (startLine.isEmpty());
        List<HttpHead.Field> fields = new ArrayList<>();
        while (true) {
            String line = readLine(in, raw, false, maxHead).orElseThrow();
            if (line.isEmpty()) {
                return Optional.of(new HttpHead(raw.toByteArray(), startLine, fields));
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header field line: " + line);
            }
            fields.add(new HttpHead.Field(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
    }

    /**
     * Reads through the next LF, appending every byte to {@code raw}; returns the line without CR LF. Empty
     * only when {@code eofAllowed} and the stream ended before the first byte.
     */
    private static Optional<String> readLine(InputStream in, ByteArrayOutputStream raw, boolean eofAllowed) throws IOException {
        return readLine(in, raw, eofAllowed, MAX_HEAD);
    }

    private static Optional<String> readLine(InputStream in, ByteArrayOutputStream raw, boolean eofAllowed, int max) throws IOException {
        int start = raw.size();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && raw.size() == start) {
                    return Optional.empty();
                }
                throw new EOFException("connection closed inside an HTTP head");
            }
            raw.write(b);
            if (raw.size() > max) {
                throw new HeadTooLargeException("HTTP head longer than " + max + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = raw.toByteArray();
                int end = bytes.length - 1;
                if (end > start && bytes[end - 1] == '\r') {
                    end--;
                }
                return Optional.of(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * Copies a chunked body: every chunk-size line (with its extensions), chunk and CRLF, the last chunk and
     * the trailer section go to {@code raw} byte for byte; the chunk data alone also goes to {@code content}.
     * With {@code flushEachChunk} each chunk is passed on as soon as it has arrived (streamed responses).
     */
    public static void copyChunked(InputStream in, OutputStream raw, OutputStream content, boolean flushEachChunk) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            line.reset();
            String sizeLine = readLine(in, line, false).orElseThrow();
            line.writeTo(raw);
            long size = chunkSize(sizeLine);
            if (size == 0) {
                // The trailer section: header field lines up to an empty line.
                while (true) {
                    line.reset();
                    String trailer = readLine(in, line, false).orElseThrow();
                    line.writeTo(raw);
                    if (trailer.isEmpty()) {
                        raw.flush();
                        return;
                    }
                }
            }
            copyExactly(in, size, raw, content, false);
            line.reset();
            if (!readLine(in, line, false).orElseThrow().isEmpty()) {
                throw new IOException("chunk data longer than its size " + size);
            }
            line.writeTo(raw);
            if (flushEachChunk) {
                raw.flush();
            }
        }
    }

    private static long chunkSize(String sizeLine) throws IOException {
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size line: " + sizeLine);
        }
    }

    /** Copies exactly {@code length} bytes to both outputs; {@code flush} passes each read on at once. */
    public static void copyExactly(InputStream in, long length, OutputStream out, OutputStream copy, boolean flush) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed " + left + " bytes before the end of a " + length + "-byte body");
            }
            out.write(buffer, 0, n);
            copy.write(buffer, 0, n);
            if (flush) {
                out.flush();
            }
            left -= n;
        }
    }

    /** Copies until the stream ends, passing each read on at once (a body delimited by closing the connection). */
    public static void copyToEnd(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    /**
     * Copies bytes both ways until both directions end (an upgraded connection, a CONNECT tunnel, a message
     * whose end is the connection's). Each side's end is passed on as a half-close of the other socket.
     */
    public static void tunnel(Socket client, InputStream in, OutputStream out, Socket up, InputStream upIn,
                              OutputStream upOut) throws IOException {
        Thread toUpstream = Thread.ofVirtual().start(() -> {
            try {
                copyToEnd(in, upOut);
                up.shutdownOutput();
            } catch (IOException ignored) {
                // one side went away; the other copy ends with it
            }
        });
        try {
            copyToEnd(upIn, out);
            client.shutdownOutput();
        } catch (SocketException ignored) {
            // closed while copying
        }
        try {
            toUpstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An output stream that drops everything: for copies nobody reads. */
    public static OutputStream discard() {
        return OutputStream.nullOutputStream();
    }
}
