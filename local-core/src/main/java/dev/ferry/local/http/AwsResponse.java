package dev.ferry.local.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** An HTTP/1.1 response as an AWS endpoint writes it, for answers a proxy or front gives in the service's place. */
public final class AwsResponse {

    private AwsResponse() {
    }

    /**
     * The whole message: status line, {@code x-amzn-RequestId}, {@code Content-Type}, {@code Content-Length},
     * {@code Date}, the further {@code headers} in order, {@code Connection: close} when asked, then the body.
     */
    public static byte[] bytes(int status, String reason, String requestId, String contentType, Map<String, String> headers,
                               byte[] body, boolean closeConnection) {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                .append("x-amzn-RequestId: ").append(requestId).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (closeConnection) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
