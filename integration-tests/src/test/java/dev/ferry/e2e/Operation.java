package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One operation of the API description: a method on a path, what it takes and what it answers. Schemas are
 * named by their JSON pointer into the document and applied with {@link ApiDescription#violations}.
 *
 * @param idempotencyScope the key space of its {@code Idempotency-Key} ({@code x-ferry-idempotency-scope}),
 *                         shared by the operations of one service
 */
record Operation(String method, PathTemplate template, String operationId, List<Parameter> parameters,
                 Optional<Body> body, Map<Integer, Response> responses, Optional<String> idempotencyScope) {

    Operation {
        parameters = List.copyOf(parameters);
        responses = Map.copyOf(responses);
    }

    /** {@code POST /orders} */
    String route() {
        return method + " " + template.path();
    }

    /** The documented success: the one 2xx the operation answers. */
    Response success() {
        return responses.values().stream().filter(r -> r.status() / 100 == 2).findFirst()
                .orElseThrow(() -> new IllegalStateException(route() + " documents no 2xx answer"));
    }

    List<Parameter> parameters(String in) {
        return parameters.stream().filter(p -> p.in().equals(in)).toList();
    }

    /** @param in {@code path}, {@code header}, {@code query} or {@code cookie} */
    record Parameter(String name, String in, boolean required, String schema, Map<String, Example> examples) {
        Parameter {
            examples = Map.copyOf(examples);
        }
    }

    /** @param maxBytes the largest body the operation reads ({@code x-ferry-max-body-bytes}) */
    record Body(boolean required, String mediaType, String schema, int maxBytes, Map<String, Example> examples) {
        Body {
            examples = Map.copyOf(examples);
        }
    }

    /** A documented example and the status the document says it gets ({@code x-ferry-expected-status}). */
    record Example(String name, JsonNode value, OptionalInt expectedStatus) {
    }

    record Response(int status, Optional<String> mediaType, Optional<String> schema, Map<String, Header> headers) {
        Response {
            headers = Map.copyOf(headers);
        }
    }

    record Header(String name, boolean required, String schema) {
    }

    /** A request matched to this operation, with its (decoded) path parameters. */
    record Match(Operation operation, Map<String, String> pathParameters) {
        Match {
            pathParameters = Map.copyOf(pathParameters);
        }
    }
}
