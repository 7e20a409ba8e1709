package dev.ferry.local.front;

import dev.ferry.local.http.AwsCall;
import dev.ferry.local.http.HttpHead;

/**
 * Sees every request a front judged, with its verdict, so that what the service serves can be counted (e.g. billed
 * requests); it may give back a forward whose observer also sees the answer.
 */
@FunctionalInterface
public interface CallMeter {

    CallMeter NONE = (head, call, verdict) -> verdict;

    /** Called once per request, on the connection's thread, after the rules; implementations must be thread-safe. */
    Verdict metered(HttpHead head, AwsCall call, Verdict verdict);
}
