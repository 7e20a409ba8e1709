package dev.ferry.idempotency;

import java.time.Instant;

/** A key this invocation holds IN_PROGRESS until {@code inProgressUntil}; {@code token} proves ownership. */
public record Claim(String key, String token, String payloadHash, Instant inProgressUntil) {
}
