/**
 * The fault injector: a runtime feature, switched on with {@code FERRY_FAULTS} (or {@code -Dferry.faults},
 * or a {@link dev.ferry.local.faults.FaultPlan} given to the runtime), that makes event sources deliver
 * duplicates, execution environments crash before or after the handler, and Lambda throttle, so that
 * idempotency and retry handling can be exercised on a laptop.
 */
package dev.ferry.local.faults;
