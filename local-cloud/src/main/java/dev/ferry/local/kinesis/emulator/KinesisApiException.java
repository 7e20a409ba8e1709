package dev.ferry.local.kinesis.emulator;

import dev.ferry.local.kinesis.KinesisError;

/** A Kinesis error answer (HTTP 400 with {@code __type} and {@code message}), thrown by an operation. */
public final class KinesisApiException extends RuntimeException {
    private final KinesisError error;

    KinesisApiException(String code, String message) {
        super(code + ": " + message, null, false, false);
        this.error = new KinesisError(code, message);
    }

    public KinesisError error() {
        return error;
    }

    static KinesisApiException invalidArgument(String message) {
        return new KinesisApiException("InvalidArgumentException", message);
    }

    static KinesisApiException resourceNotFound(String message) {
        return new KinesisApiException("ResourceNotFoundException", message);
    }

    static KinesisApiException resourceInUse(String message) {
        return new KinesisApiException("ResourceInUseException", message);
    }

    /**
     * AWS's request validation (a modelled constraint), in its form: "1 validation error detected: Value 'V' at
     * 'member' failed to satisfy constraint: Member must ..." (as AWS answered, e.g. awslabs/kinesis-aggregation#30).
     */
    static KinesisApiException validation(Object value, String member, String constraint) {
        return new KinesisApiException("ValidationException", "1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must " + constraint);
    }
}
