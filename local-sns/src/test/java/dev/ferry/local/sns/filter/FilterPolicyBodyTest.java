package dev.ferry.local.sns.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Filter policies of scope MessageBody: nested keys, arrays, and JSON types in the payload. */
class FilterPolicyBodyTest {

    private static boolean matches(String policy, String body) {
        return FilterPolicy.parse(policy, FilterPolicyScope.MESSAGE_BODY).matchesBody(body);
    }

    @Test
    void topLevelStringAndNumber() {
        assertThat(matches("{\"type\":[\"OrderPlaced\"]}", "{\"type\":\"OrderPlaced\",\"id\":1}")).isTrue();
        assertThat(matches("{\"type\":[\"OrderPlaced\"]}", "{\"type\":\"OrderRejected\"}")).isFalse();
        assertThat(matches("{\"amount\":[{\"numeric\":[\">\",100]}]}", "{\"amount\":150}")).isTrue();
        assertThat(matches("{\"amount\":[{\"numeric\":[\">\",100]}]}", "{\"amount\":\"150\"}")).isFalse();
    }

    @Test
    void nestedKeysFollowTheObjects() {
        String policy = "{\"store\":{\"location\":{\"country\":[\"DE\"]}},\"kind\":[\"sale\"]}";
        assertThat(matches(policy, "{\"store\":{\"location\":{\"country\":\"DE\"}},\"kind\":\"sale\"}")).isTrue();
        assertThat(matches(policy, "{\"store\":{\"location\":{\"country\":\"FR\"}},\"kind\":\"sale\"}")).isFalse();
        assertThat(matches(policy, "{\"store\":{\"country\":\"DE\"},\"kind\":\"sale\"}")).isFalse();
    }

    @Test
    void arraysMatchWhenAnyElementMatches() {
        assertThat(matches("{\"interests\":[\"rugby\"]}", "{\"interests\":[\"soccer\",\"rugby\"]}")).isTrue();
        assertThat(matches("{\"interests\":[\"rugby\"]}", "{\"interests\":[\"soccer\"]}")).isFalse();
        assertThat(matches("{\"items\":{\"sku\":[\"B-2\"]}}", "{\"items\":[{\"sku\":\"A-1\"},{\"sku\":\"B-2\"}]}")).isTrue();
        assertThat(matches("{\"items\":{\"sku\":[\"C-3\"]}}", "{\"items\":[{\"sku\":\"A-1\"},{\"sku\":\"B-2\"}]}")).isFalse();
    }

    @Test
    void booleansAndNullMatchExactly() {
        assertThat(matches("{\"paid\":[true]}", "{\"paid\":true}")).isTrue();
        assertThat(matches("{\"paid\":[true]}", "{\"paid\":false}")).isFalse();
        assertThat(matches("{\"paid\":[true]}", "{\"paid\":\"true\"}")).isFalse();
        assertThat(matches("{\"coupon\":[null]}", "{\"coupon\":null}")).isTrue();
        assertThat(matches("{\"coupon\":[null]}", "{}")).isFalse();
    }

    @Test
    void existsOnNestedKeys() {
        assertThat(matches("{\"a\":{\"b\":[{\"exists\":true}]}}", "{\"a\":{\"b\":1}}")).isTrue();
        assertThat(matches("{\"a\":{\"b\":[{\"exists\":true}]}}", "{\"a\":{\"c\":1}}")).isFalse();
        assertThat(matches("{\"a\":{\"b\":[{\"exists\":false}]}}", "{\"a\":{\"c\":1}}")).isTrue();
        assertThat(matches("{\"a\":{\"b\":[{\"exists\":false}]}}", "{}")).isTrue();
    }

    @Test
    void orInsideNestedObjects() {
        String policy = "{\"order\":{\"$or\":[{\"total\":[{\"numeric\":[\">\",1000]}]},{\"vip\":[true]}]}}";
        assertThat(matches(policy, "{\"order\":{\"total\":5000}}")).isTrue();
        assertThat(matches(policy, "{\"order\":{\"total\":5,\"vip\":true}}")).isTrue();
        assertThat(matches(policy, "{\"order\":{\"total\":5,\"vip\":false}}")).isFalse();
    }

    @Test
    void bodiesThatAreNotJsonObjectsNeverMatch() {
        assertThat(matches("{\"a\":[{\"exists\":false}]}", "plain text")).isFalse();
        assertThat(matches("{\"a\":[\"x\"]}", "[{\"a\":\"x\"}]")).isFalse();
        assertThat(matches("{\"a\":[\"x\"]}", "")).isFalse();
    }

    @Test
    void stringOperatorsOnBodyValues() {
        assertThat(matches("{\"email\":[{\"suffix\":\"@example.com\"}]}", "{\"email\":\"a@example.com\"}")).isTrue();
        assertThat(matches("{\"email\":[{\"prefix\":\"admin\"}]}", "{\"email\":\"a@example.com\"}")).isFalse();
        assertThat(matches("{\"kind\":[{\"anything-but\":[\"test\"]}]}", "{\"kind\":\"prod\"}")).isTrue();
    }
}
