package dev.ferry.local.sqs;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ElasticMQ and Pekko log through SLF4J, which Ferry binds to java.util.logging. Left alone they
 * log every queue creation and actor start at INFO (Pekko even at DEBUG); a local cloud should
 * only speak up when something is wrong. A level the user configured wins.
 */
final class EmulatorLogging {

    // java.util.logging holds loggers weakly: keep them, or the level is forgotten on the next GC.
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("org.elasticmq"),
            Logger.getLogger("org.apache.pekko"));

    private EmulatorLogging() {
    }

    static synchronized void quietUnlessConfigured() {
        for (Logger logger : QUIETED) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
        }
    }
}
