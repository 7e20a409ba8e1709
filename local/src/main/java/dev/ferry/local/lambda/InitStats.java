package dev.ferry.local.lambda;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a function's inits took: loading its code and constructing its handler, what Lambda reports as
 * {@code Init Duration} on the first invocation of a new execution environment.
 *
 * @param functionName the function
 * @param inits        successful inits so far (execution environments created; failed inits are not counted)
 * @param first        the first successful init: the code loaded into a fresh class loader, the figure comparable with
 *                     Lambda's (which starts every environment in a fresh JVM); empty until the function has one
 * @param last         the latest successful init; an environment after the first reuses the classes its function's
 *                     class loader already holds, so it is quicker than a new Lambda environment would be
 */
public record InitStats(String functionName, long inits, Optional<Duration> first, Optional<Duration> last) {}
