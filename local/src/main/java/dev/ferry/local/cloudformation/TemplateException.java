package dev.ferry.local.cloudformation;

/** A cloud assembly or template Ferry cannot read or resolve; the message names the stack, resource and cause. */
public class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
