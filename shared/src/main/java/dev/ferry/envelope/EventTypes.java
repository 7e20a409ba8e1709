package dev.ferry.envelope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The registry that maps each event type to its payload class. Explicit on purpose: no classpath
 * scanning, so a Lambda cold start pays nothing and a missing registration is a clear error.
 */
public final class EventTypes {

    private final Map<String, Class<?>> payloadClasses;

    private EventTypes(Map<String, Class<?>> payloadClasses) {
        this.payloadClasses = Map.copyOf(payloadClasses);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Class<?>> payloadClass(String type) {
        return Optional.ofNullable(payloadClasses.get(type));
    }

    public boolean knows(String type) {
        return payloadClasses.containsKey(type);
    }

    public Map<String, Class<?>> all() {
        return payloadClasses;
    }

    public static final class Builder {
        private final Map<String, Class<?>> types = new LinkedHashMap<>();

        public Builder register(String type, Class<?> payloadClass) {
            String canonical = EventType.parse(type).toString();
            Class<?> previous = types.putIfAbsent(canonical, payloadClass);
            if (previous != null && previous != payloadClass) {
                throw new IllegalArgumentException("event type " + canonical + " is already registered for "
                        + previous.getName() + "; one type string must denote one payload class");
            }
            return this;
        }

        public Builder register(EventType type, Class<?> payloadClass) {
            return register(type.toString(), payloadClass);
        }

        public EventTypes build() {
            return new EventTypes(types);
        }
    }
}
