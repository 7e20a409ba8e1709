package dev.ferry.local.sns;

/**
 * An error the emulator answers with: SNS's error code, HTTP status and fault side, so the AWS SDKs raise
 * the same exception classes ({@code NotFoundException}, {@code InvalidParameterException}, ...) as
 * against SNS.
 */
public final class SnsException extends RuntimeException {
    private final String code;
    private final int status;
    private final boolean senderFault;

    public SnsException(String code, int status, boolean senderFault, String message) {
        super(message);
        this.code = code;
        this.status = status;
        this.senderFault = senderFault;
    }

    /** {@code InvalidParameter}: the message is prefixed as SNS does, e.g. "Invalid parameter: TopicArn". */
    public static SnsException invalidParameter(String detail) {
        return new SnsException("InvalidParameter", 400, true, "Invalid parameter: " + detail);
    }

    /** {@code ParameterValueInvalid}, raised by the SDK as {@code InvalidParameterValueException}. */
    public static SnsException invalidParameterValue(String message) {
        return new SnsException("ParameterValueInvalid", 400, true, message);
    }

    public static SnsException notFound(String message) {
        return new SnsException("NotFound", 404, true, message);
    }

    public static SnsException topicNotFound() {
        return notFound("Topic does not exist");
    }

    public static SnsException subscriptionNotFound() {
        return notFound("Subscription does not exist");
    }

    public static SnsException batch(String code, String message) {
        return new SnsException(code, 400, true, message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public boolean senderFault() {
        return senderFault;
    }
}
