package dev.ferry.local.dynamodb.expression;

/** One lexical token of an expression, with its position in the source text. */
record Token(Kind kind, String text, int start, int end) {
    enum Kind {
        IDENTIFIER, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, NUMBER,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS,
        INVALID, EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    /** True for an identifier spelling the given keyword; keywords are case-insensitive. */
    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    boolean isComparator() {
        return switch (kind) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** The token as DynamoDB quotes it in syntax errors. */
    String display() {
        return kind == Kind.EOF ? "<EOF>" : text;
    }
}
