package dev.ferry.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the conformance suites recordings of AWS rather than of Ferry: every test method in a {@code conformance}
 * package names where its expectation comes from, in its own text (javadoc, comments above it or in its body) or in
 * its class's header. A source is one of
 * <ul>
 *   <li>{@code AWS: https://docs.aws.amazon.com/...} — a page of AWS's documentation (API reference or guide);</li>
 *   <li>{@code Recorded: owner/repo path ...} — an answer of AWS recorded by a public project that runs its tests
 *       against AWS (LocalStack's snapshots, dynalite's tests, dynamodb-conformance, ScyllaDB's Alternator tests);</li>
 *   <li>{@code Ferry's choice: ...} — what AWS leaves open or Ferry decides, said as such.</li>
 * </ul>
 * The markers are plain text so that {@code grep -rn "AWS: \|Recorded: \|Ferry's choice: "} lists every source.
 */
class ConformanceSourcesTest {

    static final Pattern MARKER = Pattern.compile(
            "AWS: https://(docs\\.)?aws\\.amazon\\.com/\\S+"
                    + "|Recorded: [\\w.-]+/[\\w.-]+ \\S+"
                    + "|Ferry's choice: \\S");

    private static final Pattern TEST_ANNOTATION = Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");

    private static final List<Path> TEST_SOURCES = LocalModules.testSources();

    /** The suites' shared package (in any module): their infrastructure and the checks on them, which pin no behaviour of AWS. */
    private static final Path SHARED = Path.of("dev", "ferry", "local", "conformance");

    @Test
    void everyConformanceTestNamesTheSourceOfItsExpectation() throws IOException {
        List<Path> suites = conformanceSources();
        assertThat(suites).as("conformance sources under %s", TEST_SOURCES).isNotEmpty();

        List<String> unsourced = new ArrayList<>();
        for (Path file : suites) {
            String className = file.getFileName().toString().replace(".java", "");
            for (String method : unsourcedTests(Files.readString(file))) {
                unsourced.add(file.getParent() + "/" + className + "." + method);
            }
        }
        assertThat(unsourced)
                .as("conformance tests without 'AWS: <docs url>', 'Recorded: <owner/repo> <path>' or \"Ferry's choice: <why>\""
                        + " in the method or its class header")
                .isEmpty();
    }

    @Test
    void aMarkerCountsInTheMethodItsJavadocOrTheClassHeaderButNotInAnotherMethod() {
        String unsourcedBesideASourcedOne = """
                class Sample {
                    // AWS: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
                    @Test
                    void sourcedAbove() { put("{ not a brace }"); }

                    @Test
                    void sourcedInside() {
                        /* a } inside a comment */ char c = '}';
                        // Recorded: architect/dynalite test/putItem.js "should return ValidationException"
                    }

                    @Test
                    void notSourced() { String s = "AWS: https://docs.aws.amazon.com/ is a string, not a comment"; }

                    /** Ferry's choice: AWS documents no order. */
                    @ParameterizedTest
                    @CsvSource(value = {"a", "b"})
                    void sourcedInJavadoc(String s) { }

                    @ParameterizedTest
                    @CsvSource(value = {"a", "b"})
                    void notSourcedWithAnArrayArgument(String s) { }
                }
                """;
        assertThat(unsourcedTests(unsourcedBesideASourcedOne)).containsExactly("notSourced", "notSourcedWithAnArrayArgument");

        String headerCoversAll = """
                /** What CreateTopic answers. AWS: https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
                class Sample {
                    @Test
                    void one() { }
                }
                """;
        assertThat(unsourcedTests(headerCoversAll)).isEmpty();
    }

    private static List<Path> conformanceSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path root : TEST_SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.getParent().getFileName().toString().equals("conformance"))
                        .filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> !f.getParent().equals(root.resolve(SHARED)))
                        .sorted()
                        .forEach(sources::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return sources;
    }

    /**
     * The test methods of one source file that have no marker in their own text (from the end of the member before
     * them to their closing brace, so javadoc and comments above them count) nor in the class header (everything
     * before the class's opening brace). Markers count only in comments: a string that looks like one is test data.
     */
    static List<String> unsourcedTests(String source) {
        JavaText text = new JavaText(source);
        boolean headerSourced = MARKER.matcher(text.comments(0, text.classBodyStart())).find();
        List<String> unsourced = new ArrayList<>();
        for (JavaText.Member member : text.classMembers()) {
            String code = text.code(member.start(), member.end());
            var annotation = TEST_ANNOTATION.matcher(code);
            if (!annotation.find()) {
                continue;
            }
            if (!headerSourced && !MARKER.matcher(text.comments(member.start(), member.end())).find()) {
                unsourced.add(methodName(code.substring(annotation.end())));
            }
        }
        return unsourced;
    }

    private static String methodName(String afterAnnotation) {
        var m = Pattern.compile("(\\w+)\\s*\\(").matcher(afterAnnotation.replaceAll("@\\w+(\\([^)]*\\))?", ""));
        return m.find() ? m.group(1) : "?";
    }

    /**
     * Just enough of Java's lexical structure to find the class body's members: comments, string, text-block and
     * character literals are told apart from code, so braces inside them do not count.
     */
    static final class JavaText {
        record Member(int start, int end) { }

        private final String source;
        private final boolean[] inComment;
        private final boolean[] inLiteral;

        JavaText(String source) {
            this.source = source;
            this.inComment = new boolean[source.length()];
            this.inLiteral = new boolean[source.length()];
            int i = 0;
            while (i < source.length()) {
                if (source.startsWith("//", i)) {
                    int end = source.indexOf('\n', i);
                    i = mark(inComment, i, end < 0 ? source.length() : end);
                } else if (source.startsWith("/*", i)) {
                    int end = source.indexOf("*/", i + 2);
                    i = mark(inComment, i, end < 0 ? source.length() : end + 2);
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = source.indexOf("\"\"\"", i + 3);
                    i = mark(inLiteral, i, end < 0 ? source.length() : end + 3);
                } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                    i = mark(inLiteral, i, closingQuote(i));
                } else {
                    i++;
                }
            }
        }

        private int closingQuote(int open) {
            char quote = source.charAt(open);
            int i = open + 1;
            while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
                i += source.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(i + 1, source.length());
        }

        private static int mark(boolean[] flags, int from, int to) {
            for (int i = from; i < to; i++) {
                flags[i] = true;
            }
            return to;
        }

        private boolean isCode(int i) {
            return !inComment[i] && !inLiteral[i];
        }

        /** Position just after the opening brace of the first top-level type. */
        int classBodyStart() {
            for (int i = 0; i < source.length(); i++) {
                if (isCode(i) && source.charAt(i) == '{') {
                    return i + 1;
                }
            }
            return source.length();
        }

        /** The members of the first top-level type: each ends with a brace or semicolon at the body's depth. */
        List<Member> classMembers() {
            List<Member> members = new ArrayList<>();
            int start = classBodyStart();
            int depth = 1;
            int parentheses = 0; // an annotation's array argument has braces that end no member
            for (int i = start; i < source.length() && depth > 0; i++) {
                if (!isCode(i)) {
                    continue;
                }
                char c = source.charAt(i);
                if (c == '(') {
                    parentheses++;
                } else if (c == ')') {
                    parentheses--;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (depth == 1 && parentheses == 0) {
                        members.add(new Member(start, i + 1));
                        start = i + 1;
                    }
                } else if (c == ';' && depth == 1 && parentheses == 0) {
                    members.add(new Member(start, i + 1));
                    start = i + 1;
                }
            }
            return members;
        }

        String comments(int from, int to) {
            return select(from, to, true);
        }

        String code(int from, int to) {
            return select(from, to, false);
        }

        private String select(int from, int to, boolean comments) {
            StringBuilder out = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                out.append(inComment[i] == comments && (comments || !inLiteral[i]) ? source.charAt(i) : ' ');
            }
            return out.toString();
        }
    }
}
