package dev.ferry.local.sns;

import java.util.Optional;

/** What Publish answers: the message ID and, for FIFO topics, the sequence number. */
public record PublishResult(String messageId, Optional<String> sequenceNumber) {}
