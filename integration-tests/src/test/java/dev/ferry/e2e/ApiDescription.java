package dev.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API as {@code docs/openapi.yaml} describes it: its operations, their parameters, bodies and responses,
 * and the document's schemas applied to JSON values (JSON Schema 2020-12 with the OpenAPI 3.1 vocabulary).
 * What the tests know about the API comes from here, so that the document cannot drift from what they check.
 */
final class ApiDescription {

    /** System property naming the document; by default {@code docs/openapi.yaml} of the repository. */
    static final String PROPERTY = "ferry.openapi";
    /** The document's identity for the schema registry: {@code $ref}s inside it resolve against this. */
    private static final String IRI = "https://ferry.dev/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;
    private final SchemaRegistry registry;
    private final List<Operation> operations;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ApiDescription(JsonNode root) {
        this.root = root;
        String json = root.toString();
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(IRI, json)));
        this.operations = readOperations();
    }

    /** The repository's document, or the one {@value #PROPERTY} names. */
    static ApiDescription load() {
        return parse(location());
    }

    static Path location() {
        String named = System.getProperty(PROPERTY);
        if (named != null) {
            return Path.of(named);
        }
        // Maven runs the module's tests in integration-tests/; an IDE may run them from the repository root.
        for (Path candidate : List.of(Path.of("..", "docs", "openapi.yaml"), Path.of("docs", "openapi.yaml"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/openapi.yaml not found from " + Path.of("").toAbsolutePath()
                + "; run the tests from the repository or its integration-tests module, or set -D" + PROPERTY + "=<file>");
    }

    static ApiDescription parse(Path file) {
        try {
            return new ApiDescription(YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the API description " + file + ": " + e.getMessage(), e);
        }
    }

    JsonNode root() {
        return root;
    }

    List<Operation> operations() {
        return operations;
    }

    Operation operation(String operationId) {
        return operations.stream().filter(o -> o.operationId().equals(operationId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the document has no operation '" + operationId + "'"));
    }

    /** The operation a request names, with its path parameters, or empty when no route matches (API Gateway's 403). */
    Optional<Operation.Match> match(String method, List<String> decodedSegments) {
        for (Operation operation : operations) {
            if (operation.method().equals(method)) {
                Optional<Map<String, String>> parameters = operation.template().match(decodedSegments);
                if (parameters.isPresent()) {
                    return Optional.of(new Operation.Match(operation, parameters.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether some operation has this path, whatever its method. */
    boolean hasPath(List<String> decodedSegments) {
        return operations.stream().anyMatch(o -> o.template().match(decodedSegments).isPresent());
    }

    /** What is wrong with {@code value} for the schema at {@code pointer} (a JSON pointer into the document); empty when it fits. */
    List<String> violations(String pointer, JsonNode value) {
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(IRI + "#" + p)));
        return schema.validate(value).stream().map(Error::toString).toList();
    }

    /** The node at a JSON pointer, following a {@code $ref} there. */
    JsonNode node(String pointer) {
        JsonNode node = root.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("the API description has nothing at " + pointer);
        }
        return node.has("$ref") ? node(refPointer(node)) : node;
    }

    /** The pointer a node stands for: its {@code $ref}'s target, or itself. */
    private String resolve(String pointer) {
        JsonNode node = root.at(pointer);
        return node.has("$ref") ? resolve(refPointer(node)) : pointer;
    }

    private static String refPointer(JsonNode node) {
        String ref = node.get("$ref").asText();
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("only references inside the document are supported, not " + ref);
        }
        return ref.substring(1);
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private List<Operation> readOperations() {
        List<Operation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            String pathPointer = "/paths/" + escape(path.getKey());
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (METHODS.contains(method)) {
                    found.add(readOperation(method.toUpperCase(Locale.ROOT), path.getKey(), pathPointer + "/" + method));
                }
            }
        }
        return List.copyOf(found);
    }

    private Operation readOperation(String method, String path, String pointer) {
        JsonNode operation = node(pointer);
        List<Operation.Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < operation.path("parameters").size(); i++) {
            String at = resolve(pointer + "/parameters/" + i);
            JsonNode parameter = node(at);
            parameters.add(new Operation.Parameter(parameter.path("name").asText(), parameter.path("in").asText(),
                    parameter.path("required").asBoolean(false), at + "/schema", examples(at + "/examples")));
        }
        Optional<Operation.Body> body = Optional.empty();
        if (operation.has("requestBody")) {
            String at = resolve(pointer + "/requestBody");
            JsonNode requestBody = node(at);
            String mediaType = requestBody.path("content").fieldNames().next();
            String contentAt = at + "/content/" + escape(mediaType);
            body = Optional.of(new Operation.Body(requestBody.path("required").asBoolean(false), mediaType,
                    contentAt + "/schema", requestBody.path("x-ferry-max-body-bytes").asInt(Integer.MAX_VALUE),
                    examples(contentAt + "/examples")));
        }
        Map<Integer, Operation.Response> responses = new LinkedHashMap<>();
        for (Iterator<String> statuses = operation.path("responses").fieldNames(); statuses.hasNext(); ) {
            String status = statuses.next();
            responses.put(Integer.parseInt(status), readResponse(Integer.parseInt(status), resolve(pointer + "/responses/" + status)));
        }
        Optional<String> scope = Optional.ofNullable(operation.get("x-ferry-idempotency-scope")).map(JsonNode::asText);
        return new Operation(method, new PathTemplate(path), operation.path("operationId").asText(), parameters, body, responses, scope);
    }

    private Operation.Response readResponse(int status, String pointer) {
        JsonNode response = node(pointer);
        Optional<String> mediaType = response.has("content") ? Optional.of(response.path("content").fieldNames().next()) : Optional.empty();
        Optional<String> schema = mediaType.map(m -> pointer + "/content/" + escape(m) + "/schema");
        Map<String, Operation.Header> headers = new LinkedHashMap<>();
        for (Iterator<String> names = response.path("headers").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String at = resolve(pointer + "/headers/" + escape(name));
            headers.put(name, new Operation.Header(name, node(at).path("required").asBoolean(false), at + "/schema"));
        }
        return new Operation.Response(status, mediaType, schema, headers);
    }

    private Map<String, Operation.Example> examples(String pointer) {
        Map<String, Operation.Example> examples = new LinkedHashMap<>();
        JsonNode node = root.at(pointer);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode example = node(pointer + "/" + escape(name));
            OptionalInt expected = example.has("x-ferry-expected-status")
                    ? OptionalInt.of(example.get("x-ferry-expected-status").asInt()) : OptionalInt.empty();
            examples.put(name, new Operation.Example(name, example.path("value"), expected));
        }
        return examples;
    }
}
