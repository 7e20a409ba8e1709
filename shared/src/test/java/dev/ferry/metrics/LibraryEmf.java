package dev.ferry.metrics;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * {@code aws-embedded-metrics}' logger as the comparison with {@link EmfMetrics} uses it: its documents serialized as its
 * console sink does on Lambda, one per line, but to the stream given, and none of the environment's detection (which on
 * Lambda adds the log group and service as default dimensions and a few properties).
 */
public final class LibraryEmf {
    private LibraryEmf() {
    }

    public static MetricsLogger logger(PrintStream out) {
        return new MetricsLogger(new Environment() {
            private final ISink sink = new ISink() {
                @Override
                public void accept(MetricsContext context) {
                    try {
                        for (String document : context.serialize()) out.println(document);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public CompletableFuture<Void> shutdown() {
                    return CompletableFuture.completedFuture(null);
                }
            };

            @Override
            public boolean probe() {
                return true;
            }

            @Override
            public String getName() {
                return "ferry-comparison";
            }

            @Override
            public String getType() {
                return "ferry-comparison";
            }

            @Override
            public String getLogGroupName() {
                return "ferry-comparison";
            }

            @Override
            public void configureContext(MetricsContext context) {
            }

            @Override
            public ISink getSink() {
                return sink;
            }
        });
    }
}
