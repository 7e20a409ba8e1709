package dev.ferry.e2e;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Strings for a {@code pattern} of the API description, so that the fuzz test generates what the document
 * says (and changes when it changes). Understands the subset of regular expressions the document uses:
 * literals and escapes ({@code \.}, {@code \t}, {@code \u0041}), classes with ranges and negation
 * ({@code [A-Za-z0-9-]}, {@code [^@ ]}), groups with alternatives ({@code (?:a|b)}), the quantifiers
 * {@code ? * + {n} {m,n}}; anchors are implied and lookaheads ({@code (?=...)}) are left to the schema check,
 * which decides whether a generated value is valid. Anything else is refused, naming the construct.
 */
final class PatternStrings {

    /** How long an unbounded repetition ({@code *}, {@code +}) gets when the schema gives no {@code maxLength}. */
    private static final int UNBOUNDED = 24;

    /**
     * What a negated class draws from: ASCII, Latin-1 letters, Greek, CJK, right-to-left, combining marks,
     * zero-width and non-breaking spaces, and characters outside the Basic Multilingual Plane (two UTF-16 units each).
     */
    private static final List<Integer> WIDE_ALPHABET = List.of(
            (int) 'a', (int) 'Z', (int) '5', (int) ' ', (int) '!', (int) '"', (int) '\\', (int) '/', (int) '%', (int) '.', (int) '@',
            (int) '{', (int) '~', 0x09, 0x0A, 0x7F, 0xA0, 0xE9, 0xF6, 0xDF, 0x3A9, 0x4E2D, 0x6587, 0x5D0, 0x627, 0x301,
            0x200B, 0x2028, 0xFEFF, 0xFFFD, 0x1F600, 0x1D11E, 0x20BB7);

    private sealed interface Node {
        record Literal(int codePoint) implements Node {
        }

        /** @param ranges inclusive code point ranges, pairs of {from, to} */
        record CharClass(List<int[]> ranges, boolean negated) implements Node {
            boolean contains(int c) {
                boolean in = ranges.stream().anyMatch(r -> c >= r[0] && c <= r[1]);
                return in != negated;
            }
        }

        record Sequence(List<Node> items) implements Node {
        }

        record Alternatives(List<Node> options) implements Node {
        }

        record Repeat(Node item, int min, int max) implements Node {
        }
    }

    private final String pattern;
    private final int unbounded;
    private int at;

    private PatternStrings(String pattern, int unbounded) {
        this.pattern = pattern;
        this.unbounded = unbounded;
    }

    /** Strings matching {@code pattern} (lookaheads aside). */
    static Arbitrary<String> matching(String pattern) {
        return matching(pattern, UNBOUNDED);
    }

    /** Strings matching {@code pattern}, unbounded repetitions up to {@code maxLength} (the schema's) times. */
    static Arbitrary<String> matching(String pattern, int maxLength) {
        PatternStrings parser = new PatternStrings(pattern, maxLength);
        Node node = parser.alternatives();
        if (parser.at != pattern.length()) {
            throw parser.unsupported("unbalanced ')'");
        }
        return arbitrary(node);
    }

    private static Arbitrary<String> arbitrary(Node node) {
        return switch (node) {
            case Node.Literal literal -> Arbitraries.just(Character.toString(literal.codePoint()));
            case Node.CharClass charClass -> characters(charClass);
            case Node.Sequence sequence -> sequence.items().isEmpty() ? Arbitraries.just("")
                    : Combinators.combine(sequence.items().stream().map(PatternStrings::arbitrary).toList()).as(parts -> String.join("", parts));
            case Node.Alternatives alternatives -> Arbitraries.oneOf(alternatives.options().stream().map(PatternStrings::arbitrary).toList());
            case Node.Repeat repeat -> count(repeat.min(), repeat.max())
                    .flatMap(n -> arbitrary(repeat.item()).list().ofSize(n))
                    .map(parts -> String.join("", parts));
        };
    }

    /** How many times a repetition repeats: its bounds a third of the time (where off-by-one rules break), else any. */
    private static Arbitrary<Integer> count(int min, int max) {
        if (min == max) {
            return Arbitraries.just(min);
        }
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(min)), Tuple.of(1, Arbitraries.just(max)),
                Tuple.of(4, Arbitraries.integers().between(min, max)));
    }

    private static Arbitrary<String> characters(Node.CharClass charClass) {
        if (charClass.negated()) {
            List<Integer> allowed = WIDE_ALPHABET.stream().filter(charClass::contains).toList();
            return Arbitraries.of(allowed).map(Character::toString);
        }
        List<Arbitrary<Integer>> ranges = charClass.ranges().stream()
                .<Arbitrary<Integer>>map(r -> Arbitraries.integers().between(r[0], r[1])).toList();
        return Arbitraries.oneOf(ranges).map(Character::toString);
    }

    private Node alternatives() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        while (peek('|')) {
            at++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.getFirst() : new Node.Alternatives(options);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (at < pattern.length() && !peek('|') && !peek(')')) {
            char c = pattern.charAt(at);
            if (c == '^' || c == '$') {
                at++;
                continue;
            }
            Node atom = atom();
            if (atom == null) {
                continue; // a lookahead: the schema check has the last word
            }
            items.add(quantified(atom));
        }
        return items.size() == 1 ? items.getFirst() : new Node.Sequence(items);
    }

    private Node atom() {
        char c = pattern.charAt(at);
        if (c == '(') {
            at++;
            if (pattern.startsWith("?=", at) || pattern.startsWith("?!", at)) {
                at += 2;
                alternatives();
                expect(')');
                return null;
            }
            if (pattern.startsWith("?:", at)) {
                at += 2;
            }
            Node group = alternatives();
            expect(')');
            return group;
        }
        if (c == '[') {
            return charClass();
        }
        if (c == '.') {
            throw unsupported("'.' (use a class)");
        }
        at++;
        return new Node.Literal(c == '\\' ? escaped() : c);
    }

    private Node quantified(Node atom) {
        if (at >= pattern.length()) {
            return atom;
        }
        char c = pattern.charAt(at);
        return switch (c) {
            case '?' -> repeat(atom, 0, 1);
            case '*' -> repeat(atom, 0, unbounded);
            case '+' -> repeat(atom, 1, Math.max(1, unbounded));
            case '{' -> {
                int close = pattern.indexOf('}', at);
                String[] bounds = pattern.substring(at + 1, close).split(",", -1);
                at = close;
                int min = Integer.parseInt(bounds[0]);
                int max = bounds.length == 1 ? min : bounds[1].isEmpty() ? min + unbounded : Integer.parseInt(bounds[1]);
                yield repeat(atom, min, max);
            }
            default -> atom;
        };
    }

    private Node repeat(Node atom, int min, int max) {
        at++;
        return new Node.Repeat(atom, min, max);
    }

    private Node charClass() {
        at++;
        boolean negated = peek('^');
        if (negated) {
            at++;
        }
        List<int[]> ranges = new ArrayList<>();
        while (!peek(']')) {
            int from = classChar();
            int to = from;
            if (peek('-') && at + 1 < pattern.length() && pattern.charAt(at + 1) != ']') {
                at++;
                to = classChar();
            }
            ranges.add(new int[]{from, to});
        }
        at++;
        return new Node.CharClass(ranges, negated);
    }

    private int classChar() {
        if (at >= pattern.length()) {
            throw unsupported("an unterminated class");
        }
        char c = pattern.charAt(at++);
        return c == '\\' ? escaped() : c;
    }

    /** The character after a backslash (already consumed). */
    private int escaped() {
        char c = pattern.charAt(at++);
        return switch (c) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'f' -> '\f';
            case 'u' -> {
                int code = Integer.parseInt(pattern.substring(at, at + 4), 16);
                at += 4;
                yield code;
            }
            case 'd', 'w', 's', 'p', 'P', 'D', 'W', 'S', 'b', 'B' ->
                    throw unsupported("'\\" + c + "' (its meaning differs between ECMA-262 and Java; spell the class out)");
            default -> c;
        };
    }

    private boolean peek(char c) {
        return at < pattern.length() && pattern.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw unsupported("a missing '" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException("pattern '" + pattern + "' has " + what + " at " + at
                + "; PatternStrings generates only the subset the API description uses");
    }
}
