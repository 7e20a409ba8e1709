package dev.ferry.envelope;

/** An envelope that does not follow Ferry's CloudEvents profile; {@link #attribute()} names the culprit. */
public final class EnvelopeFormatException extends RuntimeException {

    private final String attribute;

    public EnvelopeFormatException(String attribute, String problem) {
        super("envelope attribute '" + attribute + "': " + problem);
        this.attribute = attribute;
    }

    public EnvelopeFormatException(String attribute, String problem, Throwable cause) {
        super("envelope attribute '" + attribute + "': " + problem, cause);
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }
}
