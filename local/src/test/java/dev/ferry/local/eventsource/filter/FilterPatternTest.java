package dev.ferry.local.eventsource.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean matches(String pattern, String event) throws Exception {
        return FilterPattern.parse(pattern).matches(JSON.readTree(event));
    }

    @Test
    void exactValuesMatchStringsNumbersNullAndBooleans() throws Exception {
        assertThat(matches("{\"type\":[\"OrderPlaced\",\"OrderPaid\"]}", "{\"type\":\"OrderPaid\"}")).isTrue();
        assertThat(matches("{\"type\":[\"OrderPlaced\"]}", "{\"type\":\"orderplaced\"}")).isFalse();
        assertThat(matches("{\"amount\":[100]}", "{\"amount\":100.0}")).isTrue();
        assertThat(matches("{\"amount\":[100]}", "{\"amount\":\"100\"}")).isFalse();
        assertThat(matches("{\"note\":[null]}", "{\"note\":null}")).isTrue();
        assertThat(matches("{\"note\":[null]}", "{}")).isFalse();
        assertThat(matches("{\"vip\":[true]}", "{\"vip\":true}")).isTrue();
        assertThat(matches("{\"name\":[\"\"]}", "{\"name\":\"\"}")).isTrue();
    }

    @Test
    void allKeysMustMatchAndNestedObjectsRecurse() throws Exception {
        String pattern = "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":[\"PENDING\"]}}}}";
        assertThat(matches(pattern, "{\"eventName\":\"INSERT\",\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":\"PENDING\"}}}}")).isTrue();
        assertThat(matches(pattern, "{\"eventName\":\"MODIFY\",\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":\"PENDING\"}}}}")).isFalse();
        assertThat(matches(pattern, "{\"eventName\":\"INSERT\",\"dynamodb\":{}}")).isFalse();
    }

    @Test
    void prefixSuffixAndEqualsIgnoreCase() throws Exception {
        assertThat(matches("{\"id\":[{\"prefix\":\"ord-\"}]}", "{\"id\":\"ord-1\"}")).isTrue();
        assertThat(matches("{\"id\":[{\"prefix\":\"ord-\"}]}", "{\"id\":\"acct-1\"}")).isFalse();
        assertThat(matches("{\"file\":[{\"suffix\":\".png\"}]}", "{\"file\":\"a.png\"}")).isTrue();
        assertThat(matches("{\"file\":[{\"suffix\":\".png\"}]}", "{\"file\":\"a.jpg\"}")).isFalse();
        assertThat(matches("{\"c\":[{\"equals-ignore-case\":\"EUR\"}]}", "{\"c\":\"eur\"}")).isTrue();
        assertThat(matches("{\"c\":[{\"prefix\":{\"equals-ignore-case\":\"EU\"}}]}", "{\"c\":\"eur\"}")).isTrue();
    }

    @Test
    void anythingButExcludesValuesAndPrefixesButNeedsTheField() throws Exception {
        assertThat(matches("{\"s\":[{\"anything-but\":[\"CANCELLED\",\"REJECTED\"]}]}", "{\"s\":\"PAID\"}")).isTrue();
        assertThat(matches("{\"s\":[{\"anything-but\":[\"CANCELLED\",\"REJECTED\"]}]}", "{\"s\":\"REJECTED\"}")).isFalse();
        assertThat(matches("{\"s\":[{\"anything-but\":\"CANCELLED\"}]}", "{}")).isFalse();
        assertThat(matches("{\"s\":[{\"anything-but\":{\"prefix\":\"test-\"}}]}", "{\"s\":\"test-1\"}")).isFalse();
        assertThat(matches("{\"s\":[{\"anything-but\":{\"prefix\":\"test-\"}}]}", "{\"s\":\"prod-1\"}")).isTrue();
    }

    @Test
    void numericRangesCompareNumbersOnly() throws Exception {
        String range = "{\"amount\":[{\"numeric\":[\">\",0,\"<=\",100]}]}";
        assertThat(matches(range, "{\"amount\":100}")).isTrue();
        assertThat(matches(range, "{\"amount\":0}")).isFalse();
        assertThat(matches(range, "{\"amount\":100.5}")).isFalse();
        assertThat(matches(range, "{\"amount\":\"50\"}")).isFalse();
        assertThat(matches("{\"n\":[{\"numeric\":[\"=\",3]}]}", "{\"n\":3.0}")).isTrue();
    }

    @Test
    void existsTellsPresentFromAbsentFields() throws Exception {
        assertThat(matches("{\"error\":[{\"exists\":true}]}", "{\"error\":\"x\"}")).isTrue();
        assertThat(matches("{\"error\":[{\"exists\":true}]}", "{}")).isFalse();
        assertThat(matches("{\"error\":[{\"exists\":false}]}", "{}")).isTrue();
        assertThat(matches("{\"error\":[{\"exists\":false}]}", "{\"error\":1}")).isFalse();
    }

    @Test
    void arraysInTheEventMatchWhenAnyElementDoes() throws Exception {
        assertThat(matches("{\"tags\":[\"urgent\"]}", "{\"tags\":[\"low\",\"urgent\"]}")).isTrue();
        assertThat(matches("{\"tags\":[\"urgent\"]}", "{\"tags\":[\"low\"]}")).isFalse();
    }

    @Test
    void orCombinesAlternativePatterns() throws Exception {
        String pattern = "{\"$or\":[{\"type\":[\"OrderPlaced\"]},{\"amount\":[{\"numeric\":[\">\",1000]}]}]}";
        assertThat(matches(pattern, "{\"type\":\"OrderPlaced\",\"amount\":1}")).isTrue();
        assertThat(matches(pattern, "{\"type\":\"Deposit\",\"amount\":5000}")).isTrue();
        assertThat(matches(pattern, "{\"type\":\"Deposit\",\"amount\":5}")).isFalse();
    }

    @Test
    void criteriaPassEverythingWithoutPatternsAndAnyMatchingPatternOtherwise() throws Exception {
        JsonNode event = JSON.readTree("{\"type\":\"B\"}");
        assertThat(FilterCriteria.parse(List.of()).matches(event)).isTrue();
        assertThat(FilterCriteria.parse(List.of("{\"type\":[\"A\"]}", "{\"type\":[\"B\"]}")).matches(event)).isTrue();
        assertThat(FilterCriteria.parse(List.of("{\"type\":[\"A\"]}")).matches(event)).isFalse();
    }

    @Test
    void malformedPatternsAreRejectedWithWhatIsWrong() {
        assertThatThrownBy(() -> FilterPattern.parse("{\"type\":\"A\"}")).hasMessageContaining("type")
                .hasMessageContaining("array of rules");
        assertThatThrownBy(() -> FilterPattern.parse("{\"n\":[{\"numeric\":[\"~\",1]}]}")).hasMessageContaining("numeric");
        assertThatThrownBy(() -> FilterPattern.parse("{\"n\":[{\"regex\":\"x\"}]}")).hasMessageContaining("unknown filter operator");
        assertThatThrownBy(() -> FilterPattern.parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> FilterPattern.parse("{\"n\":[]}")).hasMessageContaining("empty");
    }
}
