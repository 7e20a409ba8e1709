package dev.ferry.local.front;

import dev.ferry.local.http.AwsCall;

/** A service's rules: what AWS would refuse, decided from the request alone (and what the rules remember). */
@FunctionalInterface
public interface RequestRules {

    /** Called once per request, on the connection's thread; implementations must be thread-safe. */
    Verdict inspect(AwsCall call);
}
