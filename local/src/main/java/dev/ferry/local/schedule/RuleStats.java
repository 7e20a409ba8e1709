package dev.ferry.local.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * A scheduled rule as the runtime runs it.
 *
 * @param fires    times it fired, on schedule or on demand
 * @param nextFire when it fires next on its own; empty when disabled, under manual timing, once a cron
 *                 expression's years are over, or after the runtime closed
 */
public record RuleStats(String ruleName, String scheduleExpression, boolean enabled, long fires,
                        Optional<Instant> lastFire, Optional<Instant> nextFire) {}
