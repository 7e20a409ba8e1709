package dev.ferry.local.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Prints what a load run measured and whether its effects happened exactly once. */
final class LoadReport {
    private LoadReport() {}

    static void print(LoadRun.Result r, PrintStream out) {
        OrderBurst.Result burst = r.burst();
        double seconds = Math.max(1e-3, burst.duration().toNanos() / 1e9);
        if (r.load().atStart() >= 0) {
            out.printf("machine       load average %.1f when the orders began, %.1f when they had drained (%d processors)%n",
                    r.load().atStart(), r.load().atEnd(), r.load().processors());
        }
        out.printf("accounts      %d opened and funded in %.1f s%n", r.options().accounts(), r.fundedIn().toMillis() / 1000.0);
        out.printf("orders        %d sent in %.1f s: %d accepted (202), %d refused (4xx), %d failed (5xx), %d unanswered%n",
                r.options().orders(), seconds, burst.accepted(), burst.withStatus(400, 500), burst.withStatus(500, 600), burst.unanswered());
        out.printf("accepted/s    %.1f  (asked for %d/s)%n", burst.accepted() / seconds, r.options().rate());
        Latencies latencies = new Latencies(burst.latencies());
        out.printf("API latency   p50 %.1f ms, p99 %.1f ms, max %.1f ms  (POST /orders, %d answers)%n",
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.maxMillis(), latencies.count());
        ExactlyOnceCheck.Verdict v = r.verdict();
        out.println(r.drainedAfter().map(d -> String.format("drained       %.1f s after the last order was answered: ", d.toMillis() / 1000.0))
                .orElse(String.format("NOT drained   within %d s after the last order was answered: ", r.options().timeout().toSeconds()))
                + v.confirmed() + " CONFIRMED, " + v.rejected() + " REJECTED, " + v.pending() + " PENDING");
        out.printf("%-34s %10s  %s%n", "queue", "peak depth", "oldest message");
        for (Map.Entry<String, Integer> q : r.queuePeaks().entrySet()) {
            Optional<Duration> age = r.runtime().mappings().stream().filter(m -> m.sourceName().equals(q.getKey()))
                    .map(RuntimeStats.Mapping::oldestRecordAge).max(Duration::compareTo);
            out.printf("%-34s %10d  %s%n", q.getKey(), q.getValue(), age.map(LoadReport::seconds).orElse("-"));
        }
        Map<String, Duration> streams = new java.util.TreeMap<>();
        r.runtime().mappings().stream().filter(m -> !m.kind().equals("SQS"))
                .forEach(m -> streams.merge(m.sourceName(), m.oldestRecordAge(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
        if (!streams.isEmpty()) {
            out.printf("%-34s %10s  %s%n", "stream", "", "oldest record (iterator age)");
            streams.forEach((name, age) -> out.printf("%-34s %10s  %s%n", name, "", seconds(age)));
        }
        out.printf("%-34s %10s %11s %8s  %s%n", "function", "peak conc.", "invocations", "mean ms", "limit");
        for (RuntimeStats.Function f : r.runtime().functions()) {
            if (f.invocations() == 0 && f.peakConcurrentExecutions() == 0) {
                continue;
            }
            Optional<RuntimeStats.Function> before = r.runtimeAtStart().function(f.name());
            long invocations = f.invocations() - before.map(RuntimeStats.Function::invocations).orElse(0L);
            Duration busy = f.duration().minus(before.map(RuntimeStats.Function::duration).orElse(Duration.ZERO));
            out.printf("%-34s %10d %11d %8s  %s%s%n", f.name(), f.peakConcurrentExecutions(), invocations,
                    invocations == 0 ? "-" : String.format("%.1f", busy.toNanos() / 1e6 / invocations), limit(f, r.runtime().mappingsOf(f.name())),
                    f.throttles() > 0 ? "  (" + f.throttles() + " throttled)" : "");
        }
        r.hops().ifPresent(hops -> OrderHops.print(hops, out));
        for (String error : burst.errors()) {
            out.println("error         " + error);
        }
        if (v.passed()) {
            out.printf("exactly once  PASS: %d balances = deposits - confirmed orders; %d confirmation emails, one per confirmed order; "
                    + "%d welcome emails, one per account; no order PENDING%n", v.balancesChecked(), v.confirmationEmails(), v.welcomeEmails());
        } else {
            out.println("exactly once  FAIL:");
            v.problems().forEach(p -> out.println("              " + p));
        }
    }

    /** What bounds a function's concurrency: its reservation, else what its mappings allow, else the account. */
    static String limit(RuntimeStats.Function f, List<RuntimeStats.Mapping> mappings) {
        if (f.reservedConcurrency().isPresent()) {
            return "reserved " + f.reservedConcurrency().getAsInt();
        }
        if (mappings.isEmpty()) {
            return "account (API, async)";
        }
        List<String> parts = new java.util.ArrayList<>();
        for (RuntimeStats.Mapping m : mappings) {
            OptionalInt max = m.maximumConcurrency();
            parts.add(m.kind().equals("SQS")
                    ? (max.isPresent() ? max.getAsInt() + " (MaximumConcurrency of " : "unbounded (") + m.sourceName() + ")"
                    : m.parallelizationFactor() + " per shard of " + m.sourceName());
        }
        return String.join(", ", parts.stream().distinct().toList());
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
