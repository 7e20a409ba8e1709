package dev.ferry.outbox;

/**
 * One outbox record to publish. {@code position} is its index in the stream batch, which orders
 * publications and names the record to resume from.
 */
public record Publication(int position, String sequenceNumber, String eventId, String type, String subject,
                          String correlationId, String envelopeJson) {

    int sizeInBytes() {
        return envelopeJson.length() * 3 + 256; // UTF-8 worst case plus attributes: an upper bound is enough
    }
}
