package dev.ferry.local.dynamodb.expression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReservedWordsTest {

    @Test
    void theWholeDocumentedListIsLoaded() {
        assertThat(ReservedWords.count()).isEqualTo(573);
    }

    @Test
    void wordsMatchWhateverTheirCase() {
        assertThat(ReservedWords.isReserved("Status")).isTrue();
        assertThat(ReservedWords.isReserved("zone")).isTrue();
        assertThat(ReservedWords.isReserved("FLATTERN")).isTrue();
    }

    @Test
    void ordinaryNamesAreNotReserved() {
        assertThat(ReservedWords.isReserved("version")).isFalse();
        assertThat(ReservedWords.isReserved("pk")).isFalse();
        assertThat(ReservedWords.isReserved("attribute_exists")).isFalse();
    }
}
