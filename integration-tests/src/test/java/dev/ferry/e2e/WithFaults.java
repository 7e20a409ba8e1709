package dev.ferry.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link FerryExtension} for the system whose event-driven functions run under the fault injector
 * ({@link FerryExtension#FAULTY_PLAN}) instead of the well-behaved shared one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface WithFaults {
}
