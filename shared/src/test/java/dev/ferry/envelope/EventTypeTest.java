package dev.ferry.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void parsesNamespaceNameAndMajorVersion() {
        EventType type = EventType.parse("com.ferry.orders.OrderPlaced.v2");
        assertThat(type).isEqualTo(new EventType("com.ferry.orders", "OrderPlaced", 2));
        assertThat(type.toString()).isEqualTo("com.ferry.orders.OrderPlaced.v2");
        assertThat(type.nextVersion().toString()).isEqualTo("com.ferry.orders.OrderPlaced.v3");
    }

    @Test
    void rejectsTypesOutsideTheRule() {
        for (String bad : new String[] {"OrderPlaced.v1", "com.ferry.orders.orderPlaced.v1", "com.ferry.orders.OrderPlaced.v0",
                "com.ferry.orders.OrderPlaced.1", "Com.ferry.OrderPlaced.v1", ""}) {
            assertThat(EventType.isValid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> EventType.parse(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. com.ferry.orders.OrderPlaced.v1");
        }
    }

    @Test
    void oneTypeStringDenotesOnePayloadClass() {
        assertThatThrownBy(() -> EventTypes.builder().register("com.ferry.a.Happened.v1", String.class).register("com.ferry.a.Happened.v1", Integer.class))
                .hasMessageContaining("already registered");
    }
}
