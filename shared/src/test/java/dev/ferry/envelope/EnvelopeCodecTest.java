package dev.ferry.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

    record OrderPlaced(String orderId, String accountId, BigDecimal amount) {
    }

    record OrderRejected(String orderId, String reason) {
    }

    private final EnvelopeCodec codec = new EnvelopeCodec(EventTypes.builder()
            .register("com.ferry.orders.OrderPlaced.v1", OrderPlaced.class)
            .register("com.ferry.orders.OrderRejected.v1", OrderRejected.class)
            .build());

    private final Envelope<OrderPlaced> placed = new Envelope<>("evt-1", "/ferry/orders", "com.ferry.orders.OrderPlaced.v1", "order-7",
            Instant.parse("2026-11-30T10:15:30Z"), new OrderPlaced("order-7", "acc-1", new BigDecimal("50.00")), "corr-1", Optional.of("req-9"));

    @Test
    void roundTripKeepsEveryAttributeAndTheTypedPayload() {
        String json = codec.encode(placed);
        assertThat(json).contains("\"specversion\":\"1.0\"", "\"datacontenttype\":\"application/json\"", "\"correlationid\":\"corr-1\"",
                "\"causationid\":\"req-9\"");
        Envelope<Object> decoded = codec.decode(json);
        assertThat(decoded.data()).isEqualTo(placed.data());
        assertThat(decoded.id()).isEqualTo("evt-1");
        assertThat(codec.decode(json, OrderPlaced.class)).isEqualTo(placed);
    }

    @Test
    void causationIsOptionalButCorrelationIsNot() {
        ObjectNode tree = tree(placed);
        tree.remove("causationid");
        assertThat(codec.decode(tree.toString()).causationId()).isEmpty();
        tree.remove("correlationid");
        assertRejected(tree, "correlationid", "is missing");
    }

    @Test
    void unknownAttributeIsRejectedByName() {
        ObjectNode tree = tree(placed);
        tree.put("priority", "high");
        assertRejected(tree, "priority", "unknown attribute");
    }

    @Test
    void missingSubjectIsRejectedByName() {
        ObjectNode tree = tree(placed);
        tree.remove("subject");
        assertRejected(tree, "subject", "is missing");
    }

    @Test
    void mistypedAttributeIsRejectedByNameAndType() {
        ObjectNode tree = tree(placed);
        tree.put("id", 42);
        assertRejected(tree, "id", "must be a string, got number");
    }

    @Test
    void otherSpecVersionIsRejected() {
        ObjectNode tree = tree(placed);
        tree.put("specversion", "0.3");
        assertRejected(tree, "specversion", "must be \"1.0\"");
    }

    @Test
    void typeWithoutVersionIsRejected() {
        ObjectNode tree = tree(placed);
        tree.put("type", "com.ferry.orders.OrderPlaced");
        assertRejected(tree, "type", "<reverse.dns.namespace>.<EventName>.v<major>");
    }

    @Test
    void timeMustBeRfc3339() {
        ObjectNode tree = tree(placed);
        tree.put("time", "yesterday");
        assertRejected(tree, "time", "RFC 3339");
    }

    @Test
    void dataMustBeAnObject() {
        ObjectNode tree = tree(placed);
        tree.put("data", "text");
        assertRejected(tree, "data", "must be a JSON object, got string");
    }

    @Test
    void duplicateAttributeIsRejected() {
        String json = codec.encode(placed).replaceFirst("\\{", "{\"id\":\"other\",");
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(EnvelopeFormatException.class).hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void unregisteredTypeIsRejected() {
        ObjectNode tree = tree(placed);
        tree.put("type", "com.ferry.orders.OrderShipped.v1");
        assertRejected(tree, "type", "no payload class is registered");
    }

    @Test
    void decodingAsAnotherPayloadClassNamesBoth() {
        assertThatThrownBy(() -> codec.decode(codec.encode(placed), OrderRejected.class))
                .isInstanceOf(EnvelopeFormatException.class)
                .hasMessageContaining("OrderPlaced").hasMessageContaining("OrderRejected");
    }

    @Test
    void unknownPayloadFieldsAreToleratedSoProducersCanAddOptionalFields() {
        ObjectNode tree = tree(placed);
        ((ObjectNode) tree.get("data")).put("couponCode", "WINTER");
        assertThat(codec.decode(tree.toString(), OrderPlaced.class).data()).isEqualTo(placed.data());
    }

    @Test
    void mistypedPayloadFieldIsRejectedAsData() {
        ObjectNode tree = tree(placed);
        ((ObjectNode) tree.get("data")).put("amount", "fifty");
        assertRejected(tree, "data", "does not match OrderPlaced");
    }

    @Test
    void notJsonAtAllIsRejected() {
        assertThatThrownBy(() -> codec.decode("<xml/>")).isInstanceOf(EnvelopeFormatException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void newEventTakesCorrelationAndCausationFromTheCurrentWork() {
        try (Correlation.Scope scope = Correlation.open(new CorrelationContext("corr-42", Optional.of("evt-incoming")))) {
            Envelope<OrderRejected> event = Envelope.of("/ferry/orders", "com.ferry.orders.OrderRejected.v1", "order-7",
                    new OrderRejected("order-7", "no funds"));
            assertThat(event.correlationId()).isEqualTo("corr-42");
            assertThat(event.causationId()).contains("evt-incoming");
            assertThat(event.causedContext()).isEqualTo(new CorrelationContext("corr-42", Optional.of(event.id())));
        }
    }

    @Test
    void treeDecodingNeedsNoRegistration() {
        Envelope<JsonNode> tree = EnvelopeCodec.untyped().decodeTree(codec.encode(placed));
        assertThat(tree.data().get("orderId").asText()).isEqualTo("order-7");
    }

    private ObjectNode tree(Envelope<?> envelope) {
        try {
            return (ObjectNode) EnvelopeCodec.mapper().readTree(codec.encode(envelope));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertRejected(ObjectNode tree, String attribute, String problem) {
        assertThatThrownBy(() -> codec.decode(tree.toString()))
                .isInstanceOfSatisfying(EnvelopeFormatException.class, e -> assertThat(e.attribute()).isEqualTo(attribute))
                .hasMessageContaining(problem);
    }
}
