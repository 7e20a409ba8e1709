package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.Token.Kind;
import dev.ferry.local.dynamodb.model.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What every expression parser shares: the token stream, document paths, placeholders, the
 * collection of semantic problems and DynamoDB's error messages.
 */
abstract class Parser {
    static final int MAX_EXPRESSION_BYTES = 4096;
    static final int MAX_PATH_DEPTH = 32;

    final String source;
    final ExpressionKind kind;
    final ExpressionContext context;
    final Problems problems = new Problems();
    final List<Token> tokens;
    /** For each '(' the index of its matching ')', or -1; used to spot redundant parentheses. */
    final int[] matchingParen;
    int pos;

    Parser(String source, ExpressionKind kind, ExpressionContext context) {
        this.source = source;
        this.kind = kind;
        this.context = context;
        if (source.isEmpty()) throw kind.invalid("The expression can not be empty;");
        int size = source.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_EXPRESSION_BYTES) {
            throw kind.invalid("Expression size has exceeded the maximum allowed size; expression size: " + size);
        }
        this.tokens = Lexer.tokenize(source);
        this.matchingParen = matchParentheses(tokens);
    }

    /** Words that are syntax in this language, so never attribute names. */
    abstract Set<String> keywords();

    /** Runs a whole parse, turning syntax failures and collected problems into DynamoDB's errors. */
    final <T> T run(Supplier<T> grammar) {
        T result;
        try {
            result = grammar.get();
        } catch (SyntaxFailure failure) {
            throw syntaxError(failure.tokenIndex());
        }
        problems.mostImportant().ifPresent(message -> {
            throw kind.invalid(message);
        });
        return result;
    }

    // ---- token stream ----

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Kind.EOF)) pos++;
        return t;
    }

    Token expect(Kind k) {
        if (!peek().is(k)) throw new SyntaxFailure(pos);
        return next();
    }

    void expectEnd() {
        if (!peek().is(Kind.EOF)) throw new SyntaxFailure(pos);
    }

    boolean atKeyword(String keyword) {
        return peek().isKeyword(keyword);
    }

    boolean isKeyword(Token t) {
        return t.is(Kind.IDENTIFIER) && keywords().contains(t.text().toUpperCase(java.util.Locale.ROOT));
    }

    boolean startsPath(Token t) {
        return (t.is(Kind.IDENTIFIER) && !isKeyword(t)) || t.is(Kind.NAME_PLACEHOLDER);
    }

    // ---- paths and placeholders ----

    DocumentPath path() {
        List<DocumentPath.Element> elements = new ArrayList<>();
        elements.add(new DocumentPath.Key(pathName()));
        while (true) {
            if (peek().is(Kind.DOT)) {
                next();
                elements.add(new DocumentPath.Key(pathName()));
            } else if (peek().is(Kind.LEFT_BRACKET)) {
                next();
                int numberAt = pos;
                Token number = expect(Kind.NUMBER);
                int index;
                try {
                    index = Integer.parseInt(number.text());
                } catch (NumberFormatException e) {
                    throw new SyntaxFailure(numberAt);
                }
                expect(Kind.RIGHT_BRACKET);
                elements.add(new DocumentPath.Index(index));
            } else {
                break;
            }
        }
        if (elements.size() > MAX_PATH_DEPTH) {
            problems.add(Problems.Kind.NESTING,
                    "The document path has too many nesting levels; nesting levels: " + elements.size());
        }
        return new DocumentPath(elements);
    }

    private String pathName() {
        Token t = peek();
        if (!startsPath(t)) throw new SyntaxFailure(pos);
        next();
        if (t.is(Kind.NAME_PLACEHOLDER)) {
            return context.resolveName(t.text()).orElseGet(() -> {
                problems.add(Problems.Kind.UNDEFINED_PLACEHOLDER,
                        "An expression attribute name used in the document path is not defined; attribute name: " + t.text());
                return t.text();
            });
        }
        if (ReservedWords.isReserved(t.text())) {
            problems.add(Problems.Kind.RESERVED_WORD, "Attribute name is a reserved keyword; reserved keyword: " + t.text());
        }
        return t.text();
    }

    /** Resolves a {@code :value} token; an undefined one is recorded and stands in as NULL. */
    Value valuePlaceholder(Token t) {
        return context.resolveValue(t.text()).orElseGet(() -> {
            problems.add(Problems.Kind.UNDEFINED_PLACEHOLDER,
                    "An expression attribute value used in expression is not defined; attribute value: " + t.text());
            return new Value.Null();
        });
    }

    /** True when the parentheses opened at {@code open} directly enclose another pair, as in {@code ((x))}. */
    boolean redundantParentheses(int open) {
        int close = matchingParen[open];
        return close > 0 && tokens.get(open + 1).is(Kind.LEFT_PAREN) && matchingParen[open + 1] == close - 1;
    }

    void noteRedundantParentheses(int open) {
        if (redundantParentheses(open)) {
            problems.add(Problems.Kind.REDUNDANT_PARENTHESES, "The expression has redundant parentheses;");
        }
    }

    // ---- errors ----

    /**
     * DynamoDB quotes the offending token and the text around it: from the token before it to the token
     * after it.
     */
    ApiException syntaxError(int index) {
        Token bad = tokens.get(index);
        int from = index > 0 ? tokens.get(index - 1).start() : bad.start();
        int to;
        if (bad.is(Kind.EOF)) {
            to = index > 0 ? tokens.get(index - 1).end() : 0;
        } else {
            Token after = tokens.get(index + 1);
            to = after.is(Kind.EOF) ? bad.end() : after.end();
        }
        return kind.invalid("Syntax error; token: \"" + bad.display() + "\", near: \"" + source.substring(Math.min(from, to), to) + "\"");
    }

    private static int[] matchParentheses(List<Token> tokens) {
        int[] match = new int[tokens.size()];
        Arrays.fill(match, -1);
        ArrayDeque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is(Kind.LEFT_PAREN)) {
                open.push(i);
            } else if (tokens.get(i).is(Kind.RIGHT_PAREN) && !open.isEmpty()) {
                match[open.pop()] = i;
            }
        }
        return match;
    }
}
