package dev.ferry.local.lambda;

/** Counters of one function since the runtime started. */
public record FunctionStats(String functionName, long invocations, long errors, long throttles, long coldStarts) {}
