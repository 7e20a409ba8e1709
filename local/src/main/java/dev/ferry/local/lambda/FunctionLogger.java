package dev.ferry.local.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The Context's logger: each line goes to the runtime's log, prefixed with the function name. */
final class FunctionLogger implements LambdaLogger {
    private final String functionName;
    private final String prefix;
    private final PrintStream out;

    FunctionLogger(String functionName, PrintStream out) {
        this.functionName = functionName;
        this.prefix = "[" + functionName + "] ";
        this.out = out;
    }

    @Override
    public void log(String message) {
        String text = message == null ? "null" : message;
        StringBuilder sb = new StringBuilder(text.length() + prefix.length() + 1);
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty() && sb.length() > 0) {
                continue;
            }
            sb.append(prefix).append(line).append(System.lineSeparator());
        }
        FunctionThreads.writingFor(functionName, () -> {
            synchronized (out) {
                out.print(sb);
                out.flush();
            }
        });
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }
}
