package dev.ferry.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes envelopes as CloudEvents structured JSON. Parsing is strict about the attributes (an
 * unknown, missing or mistyped attribute is rejected and named) and tolerant inside {@code data} (unknown
 * payload fields are ignored), which is what lets a producer add optional fields without a new version.
 */
public final class EnvelopeCodec {

    private static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "data", "correlationid", "causationid");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Money must keep its scale through the tree: 50.00 stays 50.00, never 5E+1.
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private final EventTypes types;

    public EnvelopeCodec(EventTypes types) {
        this.types = types;
    }

    /** A codec that knows no payload classes: decodes payloads as JSON trees only. */
    public static EnvelopeCodec untyped() {
        return new EnvelopeCodec(EventTypes.builder().build());
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public String encode(Envelope<?> envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("specversion", Envelope.SPEC_VERSION);
        node.put("id", envelope.id());
        node.put("source", envelope.source());
        node.put("type", envelope.type());
        node.put("subject", envelope.subject());
        node.put("time", envelope.time().toString());
        node.put("datacontenttype", Envelope.DATA_CONTENT_TYPE);
        node.put("correlationid", envelope.correlationId());
        envelope.causationId().ifPresent(c -> node.put("causationid", c));
        JsonNode data = envelope.data() instanceof JsonNode tree ? tree : MAPPER.valueToTree(envelope.data());
        if (data == null || !data.isObject()) {
            throw new EnvelopeFormatException("data", "must serialize to a JSON object, got " + (data == null ? "null" : data.getNodeType()));
        }
        node.set("data", data);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("data", "cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes with the payload class registered for the envelope's type. */
    public Envelope<Object> decode(String json) {
        Envelope<JsonNode> raw = decodeTree(json);
        Class<?> payloadClass = types.payloadClass(raw.type()).orElseThrow(() -> new EnvelopeFormatException("type",
                "no payload class is registered for '" + raw.type() + "'; register it in EventTypes"));
        return withData(raw, convert(raw.data(), payloadClass));
    }

    /** Decodes and checks that the envelope's type is registered for {@code payloadClass}. */
    public <T> Envelope<T> decode(String json, Class<T> payloadClass) {
        Envelope<JsonNode> raw = decodeTree(json);
        Optional<Class<?>> registered = types.payloadClass(raw.type());
        if (registered.isPresent() && registered.get() != payloadClass) {
            throw new EnvelopeFormatException("type", "'" + raw.type() + "' carries " + registered.get().getName()
                    + ", not " + payloadClass.getName());
        }
        if (registered.isEmpty() && !types.all().isEmpty()) {
            throw new EnvelopeFormatException("type", "no payload class is registered for '" + raw.type() + "'");
        }
        return withData(raw, convert(raw.data(), payloadClass));
    }

    /** Decodes the attributes strictly and leaves the payload as a JSON tree (relays, audit, routing). */
    public Envelope<JsonNode> decodeTree(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("(document)", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EnvelopeFormatException("(document)", "an envelope must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ATTRIBUTES.contains(name)) {
                throw new EnvelopeFormatException(name, "unknown attribute; allowed are " + String.join(", ", ATTRIBUTES.stream().sorted().toList()));
            }
        }
        String specVersion = requiredString(root, "specversion");
        if (!Envelope.SPEC_VERSION.equals(specVersion)) {
            throw new EnvelopeFormatException("specversion", "must be \"1.0\", got \"" + specVersion + "\"");
        }
        String contentType = requiredString(root, "datacontenttype");
        if (!Envelope.DATA_CONTENT_TYPE.equals(contentType)) {
            throw new EnvelopeFormatException("datacontenttype", "must be application/json, got " + contentType);
        }
        String type = requiredString(root, "type");
        if (!EventType.isValid(type)) {
            throw new EnvelopeFormatException("type", "'" + type + "' is not <reverse.dns.namespace>.<EventName>.v<major>, e.g. com.ferry.orders.OrderPlaced.v1");
        }
        Instant time;
        String timeText = requiredString(root, "time");
        try {
            time = Instant.parse(timeText);
        } catch (DateTimeParseException e) {
            throw new EnvelopeFormatException("time", "'" + timeText + "' is not an RFC 3339 timestamp such as 2026-11-30T10:15:30Z", e);
        }
        JsonNode data = root.get("data");
        if (data == null) {
            throw new EnvelopeFormatException("data", "is missing");
        }
        if (!data.isObject()) {
            throw new EnvelopeFormatException("data", "must be a JSON object, got " + describe(data.getNodeType()));
        }
        Optional<String> causation = root.has("causationid") ? Optional.of(requiredString(root, "causationid")) : Optional.empty();
        return new Envelope<>(requiredString(root, "id"), requiredString(root, "source"), type,
                requiredString(root, "subject"), time, data, requiredString(root, "correlationid"), causation);
    }

    /** Converts the payload of an envelope decoded as a tree. */
    public <T> T convert(JsonNode data, Class<T> payloadClass) {
        try {
            return MAPPER.treeToValue(data, payloadClass);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new EnvelopeFormatException("data", "does not match " + payloadClass.getSimpleName() + ": " + detail, e);
        }
    }

    private static <T> Envelope<T> withData(Envelope<JsonNode> raw, T data) {
        return new Envelope<>(raw.id(), raw.source(), raw.type(), raw.subject(), raw.time(), data, raw.correlationId(), raw.causationId());
    }

    private static String requiredString(JsonNode root, String attribute) {
        JsonNode value = root.get(attribute);
        if (value == null || value.isNull()) {
            throw new EnvelopeFormatException(attribute, "is missing");
        }
        if (!value.isTextual()) {
            throw new EnvelopeFormatException(attribute, "must be a string, got " + describe(value.getNodeType()));
        }
        if (value.asText().isBlank()) {
            throw new EnvelopeFormatException(attribute, "must not be empty");
        }
        return value.asText();
    }

    private static String describe(JsonNodeType type) {
        return type.name().toLowerCase();
    }
}
