package dev.ferry.local.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The function's init phase failed; {@code document} is what Lambda returns for every invocation that needs it. */
final class InitFailure extends Exception {
    final transient ObjectNode document;

    InitFailure(ObjectNode document) {
        super(document.path("errorMessage").asText(), null, false, false);
        this.document = document;
    }

    static InitFailure of(Throwable cause) {
        return new InitFailure(ErrorDocument.of(cause));
    }

    static InitFailure of(String errorType, String message) {
        return new InitFailure(ErrorDocument.of(errorType, message));
    }
}
