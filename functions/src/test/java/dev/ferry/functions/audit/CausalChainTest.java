package dev.ferry.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CausalChainTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    private static AuditEntry event(String id, long millis, String cause) {
        return new AuditEntry("corr", id, "dev.ferry.test.E.v1", "/ferry/test", "s", T.plusMillis(millis), Optional.ofNullable(cause), "{}");
    }

    @Test
    void eventsComeInTimeOrder() {
        List<AuditEntry> chain = CausalChain.order(List.of(event("c", 30, "b"), event("a", 10, "req"), event("b", 20, "a")));
        assertThat(chain).extracting(AuditEntry::eventId).containsExactly("a", "b", "c");
    }

    @Test
    void anEffectNeverPrecedesItsCauseEvenWhenClocksDisagree() {
        // PaymentSucceeded's function clock ran 5 ms behind: by time alone it would precede OrderPlaced.
        List<AuditEntry> chain = CausalChain.order(List.of(event("placed", 10, "req"), event("paid", 5, "placed"), event("confirmed", 12, "paid")));
        assertThat(chain).extracting(AuditEntry::eventId).containsExactly("placed", "paid", "confirmed");
    }

    @Test
    void independentBranchesInterleaveByTime() {
        List<AuditEntry> chain = CausalChain.order(List.of(event("root", 0, null), event("x1", 5, "root"), event("y1", 3, "root"), event("x2", 4, "x1")));
        assertThat(chain).extracting(AuditEntry::eventId).containsExactly("root", "y1", "x1", "x2");
    }

    @Test
    void positionsSortLikeTimesWhateverTheirFraction() {
        AuditEntry whole = new AuditEntry("c", "e1", "t", "s", "x", Instant.parse("2026-11-30T10:00:00Z"), Optional.empty(), "{}");
        AuditEntry half = new AuditEntry("c", "e2", "t", "s", "x", Instant.parse("2026-11-30T10:00:00.5Z"), Optional.empty(), "{}");
        assertThat(whole.position()).isLessThan(half.position());
        assertThat(whole.position()).isEqualTo("2026-11-30T10:00:00.000000000Z#e1");
    }
}
