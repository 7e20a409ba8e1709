package dev.ferry.local.lambda;

/** What event sources need from the runtime: run a function by ARN. */
public interface FunctionInvoker {

    InvokeResult invoke(String functionArn, byte[] payload, InvocationSource source);

    /** The function's name, for logs and fault decisions; an unknown ARN is an IllegalArgumentException. */
    String functionName(String functionArn);

    /** The function's reserved concurrency, when it has one. */
    default java.util.OptionalInt reservedConcurrency(String functionArn) {
        return java.util.OptionalInt.empty();
    }
}
