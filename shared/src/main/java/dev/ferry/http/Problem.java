package dev.ferry.http;

import dev.ferry.logging.JsonText;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem detail: what went wrong, in a body a client can act on, sent as
 * {@code application/problem+json}.
 */
public record Problem(String type, String title, int status, String detail, Optional<String> instance) {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:problem-type:ferry:";

    public static Problem of(String kind, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, Optional.empty());
    }

    public static Problem badRequest(String detail) {
        return of("bad-request", "The request is invalid", 400, detail);
    }

    public static Problem notFound(String detail) {
        return of("not-found", "No such resource", 404, detail);
    }

    public static Problem conflict(String detail) {
        return of("conflict", "The request conflicts with the resource's state", 409, detail);
    }

    public Problem at(String instancePath) {
        return new Problem(type, title, status, detail, Optional.ofNullable(instancePath));
    }

    public String toJson() {
        StringBuilder json = new StringBuilder(160).append("{\"type\":");
        JsonText.quote(json, type).append(",\"title\":");
        JsonText.quote(json, title).append(",\"status\":").append(status).append(",\"detail\":");
        JsonText.quote(json, detail);
        instance.ifPresent(i -> JsonText.quote(json.append(",\"instance\":"), i));
        return json.append('}').toString();
    }

    public HttpResponse toResponse() {
        return new HttpResponse(status, Map.of("Content-Type", CONTENT_TYPE), toJson());
    }
}
