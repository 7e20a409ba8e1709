package dev.ferry.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/architecture.md read as data: its "Functions" and "Tables" tables. The tests compare the synthesized
 * app with the document itself, so that the contract and the deployment cannot drift apart silently.
 */
final class ContractDocument {

    record FunctionRow(String name, String handler, Set<String> environment) {
    }

    record TableRow(String name, String partitionKey, Optional<String> sortKey, boolean streamsNewImages,
            Optional<String> ttlAttribute) {
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final List<String> lines;

    private ContractDocument(List<String> lines) {
        this.lines = lines;
    }

    static ContractDocument load() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/architecture.md");
            if (Files.isRegularFile(doc)) {
                try {
                    return new ContractDocument(Files.readAllLines(doc));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("docs/architecture.md not found above " + Path.of("").toAbsolutePath());
    }

    List<FunctionRow> functions() {
        List<FunctionRow> rows = new ArrayList<>();
        for (List<String> cells : tableUnder("## Functions")) {
            Set<String> environment = new LinkedHashSet<>(codeSpans(cells.get(3)));
            rows.add(new FunctionRow(cells.get(0), codeSpans(cells.get(1)).get(0), environment));
        }
        return rows;
    }

    List<TableRow> tables() {
        List<TableRow> rows = new ArrayList<>();
        for (List<String> cells : tableUnder("## Tables")) {
            List<String> sortKey = codeSpans(cells.get(2));
            List<String> ttl = codeSpans(cells.get(4));
            rows.add(new TableRow(cells.get(0), codeSpans(cells.get(1)).get(0),
                    sortKey.stream().findFirst(), cells.get(3).contains("NEW_IMAGE"), ttl.stream().findFirst()));
        }
        return rows;
    }

    /** The body rows of the first markdown table after the heading that starts with {@code heading}. */
    private List<List<String>> tableUnder(String heading) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(heading)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new AssertionError("docs/architecture.md has no section " + heading);
        }
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("|")) {
                inTable = true;
                rows.add(cells(line));
            } else if (inTable) {
                break;
            }
        }
        // Header and separator rows.
        return rows.subList(2, rows.size());
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|")) {
            cells.add(cell.trim());
        }
        return cells;
    }

    private static List<String> codeSpans(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell);
        while (matcher.find()) {
            spans.add(matcher.group(1));
        }
        return spans;
    }
}
