package dev.ferry.local.sns.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filter policies of scope MessageAttributes, with the examples of the SNS documentation. */
class FilterPolicyAttributesTest {

    private static boolean matches(String policy, Map<String, FilterableAttribute> attributes) {
        return FilterPolicy.parse(policy, FilterPolicyScope.MESSAGE_ATTRIBUTES).matchesAttributes(attributes);
    }

    private static Map<String, FilterableAttribute> attrs(String... typeNameValue) {
        Map<String, FilterableAttribute> out = new HashMap<>();
        for (int i = 0; i < typeNameValue.length; i += 3) {
            out.put(typeNameValue[i + 1], new FilterableAttribute(typeNameValue[i], typeNameValue[i + 2]));
        }
        return out;
    }

    private static Map<String, FilterableAttribute> string(String name, String value) {
        return attrs("String", name, value);
    }

    private static Map<String, FilterableAttribute> number(String name, String value) {
        return attrs("Number", name, value);
    }

    @Test
    void exactStringMatchesAnyListedValueCaseSensitively() {
        String policy = "{\"customer_interests\":[\"rugby\",\"tennis\"]}";
        assertThat(matches(policy, string("customer_interests", "rugby"))).isTrue();
        assertThat(matches(policy, string("customer_interests", "tennis"))).isTrue();
        assertThat(matches(policy, string("customer_interests", "baseball"))).isFalse();
        assertThat(matches(policy, string("customer_interests", "Rugby"))).isFalse();
    }

    @Test
    void missingAttributeDoesNotMatch() {
        assertThat(matches("{\"store\":[\"example_corp\"]}", Map.of())).isFalse();
        assertThat(matches("{\"store\":[\"example_corp\"]}", string("other", "example_corp"))).isFalse();
    }

    @Test
    void attributesNotInThePolicyAreIgnored() {
        Map<String, FilterableAttribute> message = attrs("String", "store", "example_corp", "String", "extra", "x");
        assertThat(matches("{\"store\":[\"example_corp\"]}", message)).isTrue();
    }

    @Test
    void everyKeyMustMatch() {
        String policy = "{\"store\":[\"example_corp\"],\"event\":[\"order_placed\"]}";
        assertThat(matches(policy, attrs("String", "store", "example_corp", "String", "event", "order_placed"))).isTrue();
        assertThat(matches(policy, attrs("String", "store", "example_corp", "String", "event", "order_cancelled"))).isFalse();
        assertThat(matches(policy, string("store", "example_corp"))).isFalse();
    }

    @Test
    void stringArrayMatchesWhenAnyElementMatches() {
        String policy = "{\"customer_interests\":[\"rugby\",\"tennis\"]}";
        assertThat(matches(policy, attrs("String.Array", "customer_interests", "[\"soccer\",\"rugby\"]"))).isTrue();
        assertThat(matches(policy, attrs("String.Array", "customer_interests", "[\"baseball\"]"))).isFalse();
        assertThat(matches("{\"n\":[5]}", attrs("String.Array", "n", "[1, 5]"))).isTrue();
    }

    @Test
    void prefixSuffixAndEqualsIgnoreCase() {
        assertThat(matches("{\"c\":[{\"prefix\":\"bas\"}]}", string("c", "baseball"))).isTrue();
        assertThat(matches("{\"c\":[{\"prefix\":\"bas\"}]}", string("c", "rugby"))).isFalse();
        assertThat(matches("{\"c\":[{\"suffix\":\"ball\"}]}", string("c", "baseball"))).isTrue();
        assertThat(matches("{\"c\":[{\"suffix\":\"ball\"}]}", string("c", "rugby"))).isFalse();
        assertThat(matches("{\"c\":[{\"equals-ignore-case\":\"TENNIS\"}]}", string("c", "tennis"))).isTrue();
        assertThat(matches("{\"c\":[{\"equals-ignore-case\":\"TENNIS\"}]}", string("c", "tenni"))).isFalse();
    }

    @Test
    void anythingButListedValues() {
        String policy = "{\"c\":[{\"anything-but\":[\"rugby\",\"tennis\"]}]}";
        assertThat(matches(policy, string("c", "baseball"))).isTrue();
        assertThat(matches(policy, string("c", "rugby"))).isFalse();
        assertThat(matches(policy, Map.of())).isFalse();
        // An array matches when it holds a value outside the list.
        assertThat(matches(policy, attrs("String.Array", "c", "[\"rugby\",\"baseball\"]"))).isTrue();
        assertThat(matches(policy, attrs("String.Array", "c", "[\"rugby\",\"tennis\"]"))).isFalse();
    }

    @Test
    void anythingButSingleValueNumberAndPrefix() {
        assertThat(matches("{\"c\":[{\"anything-but\":\"rugby\"}]}", string("c", "tennis"))).isTrue();
        assertThat(matches("{\"c\":[{\"anything-but\":\"rugby\"}]}", string("c", "rugby"))).isFalse();
        assertThat(matches("{\"p\":[{\"anything-but\":[100,500]}]}", number("p", "200"))).isTrue();
        assertThat(matches("{\"p\":[{\"anything-but\":[100,500]}]}", number("p", "100.0"))).isFalse();
        assertThat(matches("{\"c\":[{\"anything-but\":{\"prefix\":\"order-\"}}]}", string("c", "refund-1"))).isTrue();
        assertThat(matches("{\"c\":[{\"anything-but\":{\"prefix\":\"order-\"}}]}", string("c", "order-1"))).isFalse();
        assertThat(matches("{\"c\":[{\"anything-but\":{\"suffix\":\".tmp\"}}]}", string("c", "a.txt"))).isTrue();
        assertThat(matches("{\"c\":[{\"anything-but\":{\"suffix\":\".tmp\"}}]}", string("c", "a.tmp"))).isFalse();
    }

    @Test
    void anythingButCombinedWithExistsFalseAcceptsAbsence() {
        String policy = "{\"c\":[{\"anything-but\":[\"rugby\"]},{\"exists\":false}]}";
        assertThat(matches(policy, Map.of())).isTrue();
        assertThat(matches(policy, string("c", "golf"))).isTrue();
        assertThat(matches(policy, string("c", "rugby"))).isFalse();
    }

    @Test
    void exactNumbersCompareNumerically() {
        assertThat(matches("{\"price\":[210.75]}", number("price", "210.75"))).isTrue();
        assertThat(matches("{\"price\":[210.75]}", number("price", "2.1075E2"))).isTrue();
        assertThat(matches("{\"price\":[210.75]}", number("price", "210.76"))).isFalse();
        assertThat(matches("{\"price\":[{\"numeric\":[\"=\",301.5]}]}", number("price", "301.50"))).isTrue();
        // A String attribute is not a number, even if it looks like one.
        assertThat(matches("{\"price\":[210.75]}", string("price", "210.75"))).isFalse();
    }

    @Test
    void numericRanges() {
        String open = "{\"price\":[{\"numeric\":[\">\",0,\"<=\",150]}]}";
        assertThat(matches(open, number("price", "0"))).isFalse();
        assertThat(matches(open, number("price", "0.1"))).isTrue();
        assertThat(matches(open, number("price", "150"))).isTrue();
        assertThat(matches(open, number("price", "150.00001"))).isFalse();
        assertThat(matches("{\"price\":[{\"numeric\":[\"<\",0]}]}", number("price", "-3"))).isTrue();
        assertThat(matches("{\"price\":[{\"numeric\":[\">=\",100]}]}", number("price", "100"))).isTrue();
        assertThat(matches("{\"price\":[{\"numeric\":[\">=\",100]}]}", number("price", "99.99999"))).isFalse();
        assertThat(matches("{\"price\":[{\"numeric\":[\">=\",100]}]}", string("price", "200"))).isFalse();
    }

    @Test
    void numbersAreComparedWithFiveDecimalDigits() {
        assertThat(matches("{\"v\":[1.000001]}", number("v", "1"))).isTrue();
        assertThat(matches("{\"v\":[1.00001]}", number("v", "1"))).isFalse();
    }

    @Test
    void existsTrueAndFalse() {
        assertThat(matches("{\"store\":[{\"exists\":true}]}", string("store", "x"))).isTrue();
        assertThat(matches("{\"store\":[{\"exists\":true}]}", Map.of())).isFalse();
        assertThat(matches("{\"store\":[{\"exists\":false}]}", Map.of())).isTrue();
        assertThat(matches("{\"store\":[{\"exists\":false}]}", string("store", "x"))).isFalse();
    }

    @Test
    void binaryAttributesAreIgnored() {
        assertThat(matches("{\"b\":[{\"exists\":true}]}", attrs("Binary", "b", ""))).isFalse();
        assertThat(matches("{\"b\":[{\"exists\":false}]}", attrs("Binary", "b", ""))).isTrue();
    }

    @Test
    void cidrMatchesIpv4AndIpv6Addresses() {
        String v4 = "{\"source_ip\":[{\"cidr\":\"10.0.0.0/24\"}]}";
        assertThat(matches(v4, string("source_ip", "10.0.0.255"))).isTrue();
        assertThat(matches(v4, string("source_ip", "10.0.1.0"))).isFalse();
        assertThat(matches(v4, string("source_ip", "not an ip"))).isFalse();
        String v6 = "{\"source_ip\":[{\"cidr\":\"2001:db8::/32\"}]}";
        assertThat(matches(v6, string("source_ip", "2001:db8:1::7"))).isTrue();
        assertThat(matches(v6, string("source_ip", "2001:db9::1"))).isFalse();
    }

    @Test
    void orOperatorAcceptsEitherBranch() {
        String policy = "{\"source\":[\"aws.cloudwatch\"],\"$or\":[{\"metricName\":[\"CPUUtilization\"]},"
                + "{\"namespace\":[\"AWS/EC2\"]}]}";
        assertThat(matches(policy, attrs("String", "source", "aws.cloudwatch", "String", "metricName", "CPUUtilization"))).isTrue();
        assertThat(matches(policy, attrs("String", "source", "aws.cloudwatch", "String", "namespace", "AWS/EC2"))).isTrue();
        assertThat(matches(policy, attrs("String", "source", "aws.cloudwatch", "String", "namespace", "AWS/S3"))).isFalse();
        assertThat(matches(policy, attrs("String", "source", "other", "String", "namespace", "AWS/EC2"))).isFalse();
    }

    @Test
    void emptyPolicyAcceptsEverything() {
        assertThat(matches("{}", Map.of())).isTrue();
    }
}
