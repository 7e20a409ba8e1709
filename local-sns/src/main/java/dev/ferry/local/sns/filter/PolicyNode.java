package dev.ferry.local.sns.filter;

import java.util.List;

/** The compiled form of a policy object: every key must match, and for each {@code $or} one branch. */
record PolicyNode(List<KeyRule> keys, List<List<PolicyNode>> alternatives) {

    sealed interface KeyRule {
        String key();
    }

    /** A key whose array of conditions is matched against the key's values. */
    record Leaf(String key, List<Condition> conditions) implements KeyRule {}

    /** A key whose value is an object of further keys (message body scope only). */
    record Nested(String key, PolicyNode node) implements KeyRule {}

    boolean matches(FilterSubject subject) {
        for (KeyRule rule : keys) {
            boolean ok = switch (rule) {
                case Leaf leaf -> {
                    List<Candidate> values = subject.values(leaf.key());
                    boolean present = !values.isEmpty();
                    yield leaf.conditions().stream().anyMatch(c -> c.matches(values, present));
                }
                case Nested nested -> nested.node().matches(subject.child(nested.key()));
            };
            if (!ok) {
                return false;
            }
        }
        for (List<PolicyNode> branches : alternatives) {
            if (branches.stream().noneMatch(branch -> branch.matches(subject))) {
                return false;
            }
        }
        return true;
    }
}
