package dev.ferry.local.dynamodb.expression;

import dev.ferry.local.dynamodb.expression.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens. Bare names start with an ASCII letter and continue with letters,
 * digits and underscores, as DynamoDB's lexer has them; placeholders ({@code #x}, {@code :x}) may
 * continue with any of those. Anything else becomes an INVALID token, reported by the parser as a
 * syntax error at that point.
 */
final class Lexer {
    private Lexer() {}

    static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isLetter(c)) {
                i = skipNameChars(source, i + 1);
                kind = Kind.IDENTIFIER;
            } else if (isDigit(c)) {
                while (i < n && isDigit(source.charAt(i))) i++;
                kind = Kind.NUMBER;
            } else if (c == '#' || c == ':') {
                i = skipNameChars(source, i + 1);
                if (i == start + 1) {
                    kind = Kind.INVALID;
                } else {
                    kind = c == '#' ? Kind.NAME_PLACEHOLDER : Kind.VALUE_PLACEHOLDER;
                }
            } else if (c == '<') {
                i++;
                if (i < n && source.charAt(i) == '=') {
                    i++;
                    kind = Kind.LE;
                } else if (i < n && source.charAt(i) == '>') {
                    i++;
                    kind = Kind.NE;
                } else {
                    kind = Kind.LT;
                }
            } else if (c == '>') {
                i++;
                if (i < n && source.charAt(i) == '=') {
                    i++;
                    kind = Kind.GE;
                } else {
                    kind = Kind.GT;
                }
            } else {
                kind = switch (c) {
                    case '=' -> Kind.EQ;
                    case '(' -> Kind.LEFT_PAREN;
                    case ')' -> Kind.RIGHT_PAREN;
                    case '[' -> Kind.LEFT_BRACKET;
                    case ']' -> Kind.RIGHT_BRACKET;
                    case ',' -> Kind.COMMA;
                    case '.' -> Kind.DOT;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    default -> Kind.INVALID;
                };
                i += Character.charCount(source.codePointAt(i));
            }
            tokens.add(new Token(kind, source.substring(start, i), start, i));
        }
        tokens.add(new Token(Kind.EOF, "", n, n));
        return tokens;
    }

    private static int skipNameChars(String s, int i) {
        while (i < s.length() && isNameChar(s.charAt(i))) i++;
        return i;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }
}
