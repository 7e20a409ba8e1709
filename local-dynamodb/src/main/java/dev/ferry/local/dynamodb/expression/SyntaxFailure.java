package dev.ferry.local.dynamodb.expression;

/** A token the grammar does not allow where it stands; turned into DynamoDB's "Syntax error" message. */
final class SyntaxFailure extends RuntimeException {
    private final int tokenIndex;

    SyntaxFailure(int tokenIndex) {
        super(null, null, false, false);
        this.tokenIndex = tokenIndex;
    }

    int tokenIndex() {
        return tokenIndex;
    }
}
