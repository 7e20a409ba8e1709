package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PatternStringsTest {

    @Test
    void everyPatternOfTheApiDescriptionGeneratesStringsItMatches() {
        List<String> patterns = new ArrayList<>();
        collectPatterns(ApiDescription.load().root(), patterns);
        assertThat(patterns).hasSizeGreaterThan(10);
        for (String pattern : patterns) {
            Pattern regex = Pattern.compile(pattern);
            List<String> samples = PatternStrings.matching(pattern).sampleStream().limit(200).toList();
            long matching = samples.stream().filter(s -> regex.matcher(s).matches()).count();
            if (pattern.contains("(?=")) {
                // The lookahead is the schema check's business; most values pass it anyway.
                assertThat(matching).as("samples of %s", pattern).isGreaterThan(100);
            } else {
                assertThat(samples).as("samples of %s", pattern).allMatch(s -> regex.matcher(s).matches());
            }
        }
    }

    @Test
    void boundariesOfARepetitionAreAmongTheSamples() {
        Set<Integer> lengths = PatternStrings.matching("^[a-c]{1,255}$").sampleStream().limit(500)
                .map(String::length).collect(Collectors.toSet());
        assertThat(lengths).contains(1, 255);
    }

    @Test
    void aNegatedClassDrawsCharactersOutsideAsciiToo() {
        Set<String> characters = PatternStrings.matching("^[^a-z]$").sampleStream().limit(500).collect(Collectors.toSet());
        assertThat(characters).contains("\uD83D\uDE00").doesNotContain("a");
    }

    @Test
    void constructsWhoseMeaningDiffersBetweenRegexDialectsAreRefused() {
        assertThatThrownBy(() -> PatternStrings.matching("^\\s+$")).hasMessageContaining("spell the class out");
    }

    private static void collectPatterns(JsonNode node, List<String> patterns) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("pattern") && e.getValue().isTextual()) {
                    patterns.add(e.getValue().asText());
                } else {
                    collectPatterns(e.getValue(), patterns);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectPatterns(child, patterns));
        }
    }
}
