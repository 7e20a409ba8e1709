package dev.ferry.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.http.HttpResponse;
import java.util.regex.Pattern;

/** Response and path-parameter helpers shared by the API functions. */
public final class Responses {

    /** Ids in paths: what this workflow generates (UUIDs) and nothing that could name an outbox record. */
    public static final Pattern ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

    private Responses() {
    }

    public static HttpResponse json(int status, JsonNode body) {
        return HttpResponse.json(status, body.toString());
    }

    /** 201 or 202 with the new resource's address. */
    public static HttpResponse at(int status, String location, JsonNode body) {
        return json(status, body).withHeader("Location", location);
    }

    /** A path id that is not one of ours cannot name a resource: 404 without a lookup. */
    public static String requireId(ApiRequest request, String name, String what) {
        String id = request.path(name);
        if (!ID.matcher(id).matches()) {
            throw InvalidRequest.notFound("There is no " + what + " with id '" + id + "'");
        }
        return id;
    }
}
