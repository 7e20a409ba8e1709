package dev.ferry.local.sns.filter;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Policies SNS refuses, and the limits it enforces. */
class FilterPolicyValidationTest {

    private static void rejected(String policy, FilterPolicyScope scope, String messagePart) {
        assertThatThrownBy(() -> FilterPolicy.parse(policy, scope))
                .isInstanceOf(InvalidFilterPolicyException.class)
                .hasMessageContaining(messagePart);
    }

    private static void rejected(String policy, String messagePart) {
        rejected(policy, FilterPolicyScope.MESSAGE_ATTRIBUTES, messagePart);
    }

    @Test
    void malformedJsonIsRejected() {
        rejected("{\"a\":[\"x\"]", "failed to parse JSON");
        rejected("[\"a\"]", "must be a JSON object");
        rejected("{\"a\":[\"x\"]} trailing", "failed to parse JSON");
    }

    @Test
    void moreThanFiveKeysIsRejected() {
        assertThatCode(() -> FilterPolicy.parse("{\"a\":[1],\"b\":[1],\"c\":[1],\"d\":[1],\"e\":[1]}",
                FilterPolicyScope.MESSAGE_ATTRIBUTES)).doesNotThrowAnyException();
        rejected("{\"a\":[1],\"b\":[1],\"c\":[1],\"d\":[1],\"e\":[1],\"f\":[1]}", "more than 5 keys");
        rejected("{\"a\":{\"b\":[1],\"c\":[1]},\"d\":{\"e\":[1],\"f\":[1],\"g\":[1],\"h\":[1]}}",
                FilterPolicyScope.MESSAGE_BODY, "more than 5 keys");
    }

    @Test
    void moreThan150CombinationsIsRejected() {
        String tenValues = "[1,2,3,4,5,6,7,8,9,10]";
        assertThatCode(() -> FilterPolicy.parse("{\"a\":" + tenValues + ",\"b\":" + tenValues + "}",
                FilterPolicyScope.MESSAGE_ATTRIBUTES)).doesNotThrowAnyException();
        rejected("{\"a\":" + tenValues + ",\"b\":" + tenValues + ",\"c\":[1,2]}", "too complex");
    }

    @Test
    void nestedPoliciesNeedMessageBodyScope() {
        rejected("{\"a\":{\"b\":[\"x\"]}}", "does not support nested");
        assertThatCode(() -> FilterPolicy.parse("{\"a\":{\"b\":[\"x\"]}}", FilterPolicyScope.MESSAGE_BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void badValuesAndOperatorsAreRejected() {
        rejected("{\"a\":[]}", "Empty arrays are not allowed");
        rejected("{\"a\":\"x\"}", "must be an object or an array");
        rejected("{\"a\":[[\"x\"]]}", "Match value must be String, number, true, false, or null");
        rejected("{\"a\":[{\"prefixx\":\"x\"}]}", "Unrecognized match type prefixx");
        rejected("{\"a\":[{\"prefix\":1}]}", "prefix match pattern must be a string");
        rejected("{\"a\":[{\"exists\":\"yes\"}]}", "exists match pattern must be either true or false");
        rejected("{\"a\":[{\"prefix\":\"x\",\"suffix\":\"y\"}]}", "exactly one operator");
        rejected("{\"a\":[{\"anything-but\":[]}]}", "Empty arrays are not allowed");
        rejected("{\"a\":[{\"anything-but\":[true]}]}", "only strings and numbers");
        rejected("{\"a\":[{\"anything-but\":{\"equals-ignore-case\":\"x\"}}]}", "Unsupported anything-but pattern");
        rejected("{\"a\":[{\"cidr\":\"10.0.0.0\"}]}", "Malformed CIDR");
        rejected("{\"a\":[{\"cidr\":\"10.0.0.0/33\"}]}", "Malformed CIDR");
    }

    @Test
    void numericExpressionsAreChecked() {
        rejected("{\"a\":[{\"numeric\":[\">\",\"5\"]}]}", "must be numeric");
        rejected("{\"a\":[{\"numeric\":[\"!=\",5]}]}", "Unrecognized numeric range operator");
        rejected("{\"a\":[{\"numeric\":[\">\",10,\"<\",5]}]}", "Bottom must be less than top");
        rejected("{\"a\":[{\"numeric\":[\">\",1,\">\",2]}]}", "Too many elements");
        rejected("{\"a\":[{\"numeric\":[\">\"]}]}", "must be numeric");
        rejected("{\"a\":[{\"numeric\":5}]}", "must be an array");
        rejected("{\"a\":[1000000001]}", "out of range");
    }

    @Test
    void orNeedsAtLeastTwoObjects() {
        rejected("{\"$or\":[{\"a\":[1]}]}", "at least two");
        rejected("{\"$or\":[{\"a\":[1]},\"b\"]}", "non-empty object");
    }
}
