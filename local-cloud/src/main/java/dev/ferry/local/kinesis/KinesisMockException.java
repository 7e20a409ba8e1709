package dev.ferry.local.kinesis;

/** kinesis-mock could not be found, started or reached; the message says why and what to do. */
public final class KinesisMockException extends RuntimeException {

    public KinesisMockException(String message) {
        super(message);
    }

    public KinesisMockException(String message, Throwable cause) {
        super(message, cause);
    }
}
