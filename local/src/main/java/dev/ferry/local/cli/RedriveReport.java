package dev.ferry.local.cli;

import dev.ferry.local.redrive.RedriveOutcome;
import dev.ferry.local.redrive.StreamFailure;
import java.util.List;

/** How {@code ferry dlq redrive} tells what it did with each stream failure record, and in sum. */
final class RedriveReport {
    private RedriveReport() {}

    static String render(StreamFailureRedrive.Report report) {
        StringBuilder out = new StringBuilder();
        out.append("- message ").append(report.messageId());
        report.failure().ifPresent(f -> out.append("  ").append(SystemSummary.shortName(f.range().streamArn()))
                .append(" shard ").append(f.range().shardId()).append(", sequence ").append(f.range().startSequenceNumber())
                .append(" .. ").append(f.range().endSequenceNumber()));
        out.append(System.lineSeparator());
        report.failure().ifPresent(f -> field(out, "function", SystemSummary.shortName(f.functionArn()) + " (gave up: " + f.condition() + ")"));
        field(out, "records", records(report));
        field(out, "outcome", outcome(report.outcome()));
        return out.toString();
    }

    private static String records(StreamFailureRedrive.Report report) {
        String named = report.failure().map(StreamFailure::batchSize).filter(s -> s.isPresent())
                .map(s -> " (the failure record names " + s.getAsInt() + ")").orElse("");
        return switch (report.outcome()) {
            case RedriveOutcome.Redriven r -> found(r.read(), r.delivered()) + named;
            case RedriveOutcome.FunctionFailed f -> found(f.read(), f.delivered()) + named;
            case RedriveOutcome.PartiallyFailed p -> found(p.read(), p.delivered()) + named;
            case RedriveOutcome.Trimmed t -> "none: the stream no longer has them" + named;
            case RedriveOutcome.NotRedriven n -> "not delivered" + named;
        };
    }

    private static String found(int read, int delivered) {
        return read + " found in the stream, " + delivered + " sent to the function"
                + (read > delivered ? " (" + (read - delivered) + " held back by the mapping's filters)" : "");
    }

    private static String outcome(RedriveOutcome outcome) {
        String kept = "; the failure record stays on the queue";
        return switch (outcome) {
            case RedriveOutcome.Redriven r -> r.requestId().map(id -> "REDRIVEN: processed in request " + id)
                    .orElse("REDRIVEN: no record of the range passes the mapping's filters, so there was nothing to deliver")
                    + "; the failure record is deleted";
            case RedriveOutcome.FunctionFailed f -> "FAILED: the function failed again in request " + f.requestId() + ": " + f.error() + kept;
            case RedriveOutcome.PartiallyFailed p -> "FAILED: in request " + p.requestId() + " the function reported "
                    + p.failedSequenceNumbers().size() + " of " + p.delivered() + " record(s) as failed (" + String.join(", ", p.failedSequenceNumbers())
                    + ")" + kept;
            case RedriveOutcome.Trimmed t -> "TRIMMED: " + t.detail() + kept + " as the only trace of the lost records";
            case RedriveOutcome.NotRedriven n -> "NOT REDRIVEN: " + n.reason() + kept;
        };
    }

    /** The last line: how many were redriven and deleted, how many kept and why. */
    static String summary(String queue, List<StreamFailureRedrive.Report> reports) {
        long redriven = reports.stream().filter(r -> r.outcome().processed()).count();
        long failed = reports.stream().filter(r -> r.outcome() instanceof RedriveOutcome.FunctionFailed
                || r.outcome() instanceof RedriveOutcome.PartiallyFailed).count();
        long trimmed = reports.stream().filter(r -> r.outcome() instanceof RedriveOutcome.Trimmed).count();
        long other = reports.size() - redriven - failed - trimmed;
        long kept = reports.size() - redriven;
        StringBuilder why = new StringBuilder();
        if (failed > 0) why.append(failed).append(" failed again");
        if (trimmed > 0) why.append(why.isEmpty() ? "" : ", ").append(trimmed).append(" trimmed");
        if (other > 0) why.append(why.isEmpty() ? "" : ", ").append(other).append(" not redriven");
        return "redrive of " + queue + ": " + redriven + " of " + reports.size() + " failure record(s) redriven and deleted"
                + (kept > 0 ? ", " + kept + " kept (" + why + ")" : "");
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("    %-14s %s%n", name, value));
    }
}
