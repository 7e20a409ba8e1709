package dev.ferry.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code java.net.URI} field or parameter that {@link FerryLocalCloud} fills with the endpoint of a
 * service ({@code http://127.0.0.1:<port>}), for code under test that builds its own clients. DynamoDB Streams
 * answers on {@link FerryService#DYNAMODB}'s endpoint.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FerryEndpoint {

    FerryService value();
}
