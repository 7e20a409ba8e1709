package dev.ferry.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that {@link FerryLocalCloud} fills with a configured client: {@code DynamoDbClient},
 * {@code DynamoDbStreamsClient}, {@code SqsClient}, {@code SnsClient} or {@code KinesisClient}. Static fields are
 * filled before {@code @BeforeAll}, instance fields before {@code @BeforeEach}. A mark, rather than every field of
 * those types, so that a client a test builds itself is never overwritten.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FerryInject {
}
