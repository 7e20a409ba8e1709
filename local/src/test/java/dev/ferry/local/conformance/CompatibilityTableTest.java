package dev.ferry.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.dynamodb.ops.Database;
import dev.ferry.local.dynamodb.ops.DynamoDbApi;
import dev.ferry.local.kinesis.emulator.KinesisEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the table of docs/local-cloud.md, "Compatibility with AWS", true to the code: every test class a row names
 * under "pinned by" exists, and the DynamoDB, DynamoDB Streams, SNS and Kinesis rows name exactly the operations those
 * emulators dispatch: each dispatched operation has a supported or partial row, no such row claims an operation the
 * emulator does not dispatch, and no absent row names one it does. The DynamoDB operations come from
 * {@link DynamoDbApi#targets()}, the map its dispatch looks requests up in; the SNS actions from the {@code case}
 * labels of the {@code switch} that dispatches them in {@code sns/QueryApi.java} (read as source: the switch is the
 * dispatch, and there is no other list to drift from it); the Kinesis operations from
 * {@link KinesisEmulator#OPERATIONS}, which {@code KinesisEmulatorTest} holds to its dispatch. No server is started.
 */
class CompatibilityTableTest {

    private static final Path TABLE = Path.of("../docs/local-cloud.md");
    private static final List<Path> TEST_SOURCES = LocalModules.testSources();
    private static final Path SNS_DISPATCH = LocalModules.mainSource("local-sns", "dev/ferry/local/sns/QueryApi.java");
    private static final String SECTION = "## Compatibility with AWS";
    private static final List<String> HEADER = List.of("service", "operations", "status", "differences", "pinned by");
    private static final List<String> SERVICES = List.of("DynamoDB", "DynamoDB Streams", "SQS", "SNS", "Kinesis",
            "Lambda API", "Lambda runtime", "EventBridge schedules", "API Gateway front");
    private static final Set<String> STATUSES = Set.of("supported", "partial", "absent");
    private static final String NONE = "—";
    private static final Pattern OPERATION = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern TEST_CLASS = Pattern.compile("(?:[a-z]\\w*\\.)*[A-Z]\\w*Test");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");
    private static final Pattern SWITCH_ON_ACTION = Pattern.compile("switch\\s*\\(\\s*action\\s*\\)\\s*\\{");
    private static final Pattern CASE_LABELS = Pattern.compile("case\\s+(\"\\w+\"(?:\\s*,\\s*\"\\w+\")*)\\s*->");
    private static final Pattern QUOTED = Pattern.compile("\"(\\w+)\"");

    record Row(int line, String service, String operations, String status, String differences, String pinnedBy) {
        List<String> operationNames() {
            return Stream.of(operations.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    @Test
    void everyServiceHasRowsAndEveryRowAKnownServiceAndStatus() throws IOException {
        List<Row> rows = rows(Files.readString(TABLE));

        assertThat(shapeProblems(rows)).as("rows of %s", TABLE).isEmpty();
    }

    @Test
    void everyClassTheTableNamesIsATestInTheTestSources() throws IOException {
        List<Row> rows = rows(Files.readString(TABLE));

        assertThat(classProblems(rows, testClasses())).as("'pinned by' in %s", TABLE).isEmpty();
    }

    @Test
    void theDynamoDbRowsNameExactlyTheOperationsTheEmulatorDispatches() throws IOException {
        List<Row> rows = rows(Files.readString(TABLE));
        SortedSet<String> targets = new DynamoDbApi(new Database("us-east-1", "000000000000", Clock.systemUTC())).targets();
        Set<String> dynamodb = operationsOf(targets, DynamoDbApi.DYNAMODB_PREFIX);
        Set<String> streams = operationsOf(targets, DynamoDbApi.STREAMS_PREFIX);
        assertThat(dynamodb.size() + streams.size()).as("targets with another prefix: %s", targets).isEqualTo(targets.size());
        assertThat(dynamodb).contains("PutItem", "TransactWriteItems");
        assertThat(streams).contains("GetRecords");

        List<String> problems = new ArrayList<>(operationProblems(rows, "DynamoDB", dynamodb));
        problems.addAll(operationProblems(rows, "DynamoDB Streams", streams));
        assertThat(problems).isEmpty();
    }

    @Test
    void theSnsRowsNameExactlyTheActionsTheEmulatorDispatches() throws IOException {
        List<Row> rows = rows(Files.readString(TABLE));
        SortedSet<String> actions = switchedActions(Files.readString(SNS_DISPATCH));
        assertThat(actions).as("the case labels of %s", SNS_DISPATCH).contains("Publish", "PublishBatch", "CreateTopic");

        assertThat(operationProblems(rows, "SNS", actions)).isEmpty();
    }

    @Test
    void theKinesisRowsNameExactlyTheOperationsTheEmulatorServes() throws IOException {
        List<Row> rows = rows(Files.readString(TABLE));
        Set<String> served = new TreeSet<>(KinesisEmulator.OPERATIONS);
        assertThat(served).contains("PutRecords", "GetRecords");

        assertThat(operationProblems(rows, "Kinesis", served)).isEmpty();
    }

    @Test
    void theChecksCatchWhatTheyAreFor() {
        String doc = """
                # Title

                ## Compatibility with AWS

                Text with a | pipe.

                | service | operations | status | differences | pinned by |
                |---|---|---|---|---|
                | DynamoDB | PutItem, GetItem | supported | an `a\\|b` cell | `ItemOperationsTest`, `dynamodb.conformance.BatchTest` |
                | DynamoDB | Scan, Query | supported | Scan is not dispatched here | `BatchTest` |
                | DynamoDB | ExecuteStatement, GetItem | absent | GetItem is | `NoSuchTest` |
                | DynamoDB | PutItem | partial | twice | — |
                | Nowhere | x | maybe | — | `ItemOperationsTest` and prose |

                ## Next section

                | service | operations | status | differences | pinned by |
                |---|---|---|---|---|
                | SNS | Publish | supported | not in the section | — |
                """;
        List<Row> rows = rows(doc);
        assertThat(rows).extracting(Row::service).containsExactly("DynamoDB", "DynamoDB", "DynamoDB", "DynamoDB", "Nowhere");
        assertThat(rows.getFirst().differences()).isEqualTo("an `a\\|b` cell");

        assertThat(operationProblems(rows, "DynamoDB", Set.of("PutItem", "GetItem", "Query", "DeleteItem")))
                .containsExactlyInAnyOrder(
                        "line 10: DynamoDB Scan is claimed but not dispatched",
                        "line 11: DynamoDB GetItem is dispatched but the row says absent",
                        "line 11: DynamoDB GetItem is named twice",
                        "line 12: DynamoDB PutItem is named twice",
                        "DynamoDB DeleteItem is dispatched but has no supported or partial row");

        Map<String, List<String>> classes = Map.of(
                "ItemOperationsTest", List.of("dynamodb.conformance.ItemOperationsTest"),
                "BatchTest", List.of("dynamodb.conformance.BatchTest", "sqs.conformance.BatchTest"));
        assertThat(classProblems(rows, classes)).containsExactlyInAnyOrder(
                "line 10: BatchTest is ambiguous: [dynamodb.conformance.BatchTest, sqs.conformance.BatchTest]",
                "line 11: NoSuchTest does not exist in the test sources of " + LocalModules.NAMES,
                "line 13: 'pinned by' holds more than test class names and commas: `ItemOperationsTest` and prose");

        assertThat(shapeProblems(rows)).contains(
                "line 13: unknown service 'Nowhere'",
                "line 13: status 'maybe' is not one of [absent, partial, supported]",
                "no row for SNS");

        String dispatch = """
                String handle(QueryRequest request) {
                    String action = request.optional("Action").orElseThrow();
                    // case "Commented" -> no
                    return switch (action) {
                        case "CreateTopic" -> createTopic(request);
                        case "GetTopicAttributes", "SetTopicAttributes" -> {
                            yield attributes(Map.of("case \\"Quoted\\" ->", "{"));
                        }
                        default -> throw new SnsException("InvalidAction", 400, true, "no");
                    };
                }
                String other(String action) { return switch (action) { case "Elsewhere" -> ""; default -> ""; }; }
                """;
        assertThat(switchedActions(dispatch)).containsExactly("CreateTopic", "GetTopicAttributes", "SetTopicAttributes");
    }

    /** The rows of the first table after the section heading, before the next heading of its level. */
    static List<Row> rows(String markdown) {
        List<String> lines = markdown.lines().toList();
        int start = lines.indexOf(SECTION);
        assertThat(start).as("a line '%s'", SECTION).isNotNegative();
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            List<String> cells = cells(line);
            if (!inTable) {
                assertThat(cells).as("the table's header, line %d", i + 1).isEqualTo(HEADER);
                inTable = true;
                i++; // the |---| line
                continue;
            }
            assertThat(cells).as("cells of line %d", i + 1).hasSize(HEADER.size());
            rows.add(new Row(i + 1, cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4)));
        }
        assertThat(rows).as("rows of the table under '%s'", SECTION).isNotEmpty();
        return rows;
    }

    /** The cells of a table line: split at every | that is not escaped as \|. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append("\\|");
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    static List<String> shapeProblems(List<Row> rows) {
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            if (!SERVICES.contains(row.service())) {
                problems.add("line " + row.line() + ": unknown service '" + row.service() + "'");
            }
            if (!STATUSES.contains(row.status())) {
                problems.add("line " + row.line() + ": status '" + row.status() + "' is not one of " + new TreeSet<>(STATUSES));
            }
            if (row.operations().isEmpty() || row.differences().isEmpty() || row.pinnedBy().isEmpty()) {
                problems.add("line " + row.line() + ": an empty cell (write " + NONE + " for none)");
            }
        }
        Set<String> present = rows.stream().map(Row::service).collect(Collectors.toSet());
        SERVICES.stream().filter(s -> !present.contains(s)).forEach(s -> problems.add("no row for " + s));
        return problems;
    }

    /**
     * What is wrong with the rows of one service against the operations its emulator dispatches: names that are not
     * operation names, names given twice, supported or partial rows claiming what is not dispatched, absent rows
     * naming what is, and dispatched operations no supported or partial row names.
     */
    static List<String> operationProblems(List<Row> rows, String service, Set<String> dispatched) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> served = new HashSet<>();
        for (Row row : rows) {
            if (!row.service().equals(service)) {
                continue;
            }
            String at = "line " + row.line() + ": " + service + " ";
            for (String name : row.operationNames()) {
                if (!OPERATION.matcher(name).matches()) {
                    problems.add(at + "'" + name + "' is not an operation name");
                    continue;
                }
                if (!seen.add(name)) {
                    problems.add(at + name + " is named twice");
                }
                boolean isDispatched = dispatched.contains(name);
                if (row.status().equals("absent")) {
                    if (isDispatched) {
                        problems.add(at + name + " is dispatched but the row says absent");
                    }
                } else if (isDispatched) {
                    served.add(name);
                } else {
                    problems.add(at + name + " is claimed but not dispatched");
                }
            }
        }
        new TreeSet<>(dispatched).stream().filter(op -> !served.contains(op))
                .forEach(op -> problems.add(service + " " + op + " is dispatched but has no supported or partial row"));
        return problems;
    }

    /**
     * What is wrong with the "pinned by" cells: anything but backticked test class names, commas and {@value #NONE};
     * a simple name that no class or more than one class has; a qualified name (package below {@code dev.ferry.local})
     * that is not a class. {@code classes} maps each simple name to the qualified names it stands for.
     */
    static List<String> classProblems(List<Row> rows, Map<String, List<String>> classes) {
        List<String> problems = new ArrayList<>();
        Set<String> qualified = classes.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        for (Row row : rows) {
            String at = "line " + row.line() + ": ";
            String rest = BACKTICKED.matcher(row.pinnedBy()).replaceAll("").replace(",", "").strip();
            if (!rest.isEmpty() && !(rest.equals(NONE) && !row.pinnedBy().contains("`"))) {
                problems.add(at + "'pinned by' holds more than test class names and commas: " + row.pinnedBy());
            }
            Matcher names = BACKTICKED.matcher(row.pinnedBy());
            while (names.find()) {
                String name = names.group(1);
                if (!TEST_CLASS.matcher(name).matches()) {
                    problems.add(at + "'" + name + "' is not a test class name");
                } else if (name.contains(".")) {
                    if (!qualified.contains(name)) {
                        problems.add(at + name + " does not exist in the test sources of " + LocalModules.NAMES);
                    }
                } else {
                    List<String> candidates = classes.getOrDefault(name, List.of());
                    if (candidates.isEmpty()) {
                        problems.add(at + name + " does not exist in the test sources of " + LocalModules.NAMES);
                    } else if (candidates.size() > 1) {
                        problems.add(at + name + " is ambiguous: " + candidates);
                    }
                }
            }
        }
        return problems;
    }

    /** Every class file of the test sources, by simple name, to its names below {@code dev.ferry.local}. */
    private static Map<String, List<String>> testClasses() throws IOException {
        Map<String, List<String>> classes = new TreeMap<>();
        for (Path root : TEST_SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> {
                    String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                    name = name.substring(0, name.length() - ".java".length()).replaceFirst("^dev\\.ferry\\.local\\.", "");
                    classes.computeIfAbsent(f.getFileName().toString().replace(".java", ""), k -> new ArrayList<>()).add(name);
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return classes;
    }

    private static Set<String> operationsOf(Set<String> targets, String prefix) {
        return targets.stream().filter(t -> t.startsWith(prefix)).map(t -> t.substring(prefix.length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The labels of the first {@code switch (action)} in the source: its {@code case "X" ->} and
     * {@code case "X", "Y" ->} at the switch's own depth. Comments are ignored; a label must be followed by
     * {@code ->}, so strings elsewhere in the switch do not count.
     */
    static SortedSet<String> switchedActions(String source) {
        String code = withoutComments(source);
        Matcher open = SWITCH_ON_ACTION.matcher(code);
        assertThat(open.find()).as("a 'switch (action) {' in the dispatch source").isTrue();
        StringBuilder ownLevel = new StringBuilder();
        int depth = 1;
        boolean inString = false;
        for (int i = open.end(); i < code.length() && depth > 0; i++) {
            char c = code.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                if (depth == 1) {
                    ownLevel.append(c == '\\' ? ' ' : c);
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
            if (depth == 1 && c != '}') {
                ownLevel.append(c);
            }
        }
        SortedSet<String> actions = new TreeSet<>();
        Matcher labels = CASE_LABELS.matcher(ownLevel);
        while (labels.find()) {
            Matcher quoted = QUOTED.matcher(labels.group(1));
            while (quoted.find()) {
                actions.add(quoted.group(1));
            }
        }
        return actions;
    }

    /** The source with // and block comments blanked, string and character literals left as they are. */
    private static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
                out.append(" ".repeat(end - i));
                i = end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                out.append(" ".repeat(end - i));
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
                out.append(source, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
