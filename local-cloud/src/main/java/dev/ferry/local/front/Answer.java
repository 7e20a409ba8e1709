package dev.ferry.local.front;

import dev.ferry.local.http.AwsResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An HTTP answer a front gives itself, in place of the service's: an AWS error in the protocol the request was
 * made in.
 *
 * @param status      the HTTP status, e.g. 400
 * @param contentType the body's media type
 * @param headers     further header fields, in order (e.g. {@code x-amzn-query-error})
 * @param body        the body bytes
 */
public record Answer(int status, String contentType, Map<String, String> headers, byte[] body) {

    public Answer {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("an answer's status must be 200-599, was " + status);
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The whole HTTP/1.1 message: status line, headers (with a fresh request id), body. */
    public byte[] toHttp(boolean closeConnection) {
        return AwsResponse.bytes(status, reason(status), UUID.randomUUID().toString(), contentType, headers, body, closeConnection);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Request Entity Too Large";
            case 500 -> "Internal Server Error";
            default -> "Status " + status;
        };
    }
}
