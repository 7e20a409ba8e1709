package dev.ferry.functions.payments;

/** Where a deposit command stands: accepted and waiting for the worker, applied, or refused for good. */
public enum DepositStatus {
    PENDING, APPLIED, REJECTED
}
