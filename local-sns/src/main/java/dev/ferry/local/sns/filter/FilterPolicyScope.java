package dev.ferry.local.sns.filter;

import java.util.Optional;

/** What a filter policy is evaluated against, as the {@code FilterPolicyScope} subscription attribute says. */
public enum FilterPolicyScope {
    MESSAGE_ATTRIBUTES("MessageAttributes"),
    MESSAGE_BODY("MessageBody");

    private final String wireName;

    FilterPolicyScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<FilterPolicyScope> fromWire(String value) {
        for (FilterPolicyScope scope : values()) {
            if (scope.wireName.equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
