package dev.ferry.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.InputStream;
import java.io.OutputStream;

/** A function's handler after init, reduced to the stream form the runtime drives. */
@FunctionalInterface
interface LoadedHandler {
    void handle(InputStream input, OutputStream output, Context context) throws Throwable;
}
