package dev.ferry.local.provision;

/** Provisioning could not go on; the message names the stack, resource and type concerned and what to do. */
public class ProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
