package dev.ferry.local.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an option's value is, for the error when it is missing: {@code @Needs("a number, e.g. --port 4566")} on
 * {@code --port} makes {@code ferry up --port} answer "--port needs a number, e.g. --port 4566" rather than the parser's
 * generic message.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Needs {
    String value();
}
