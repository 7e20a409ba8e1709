package dev.ferry.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against Ferry's local cloud: the {@link #services()} it names start on free loopback ports
 * before the class's first test and stop after its last; AWS SDK v2 clients for them (region us-east-1, dummy
 * credentials) are injected into test and lifecycle method parameters and into fields marked {@link FerryInject},
 * endpoints into {@code URI}s marked {@link FerryEndpoint}.
 *
 * <pre>{@code
 * @FerryLocalCloud(services = FerryService.DYNAMODB)
 * class OrdersTest {
 *     @FerryInject DynamoDbClient dynamo;
 * }</pre>
 *
 * <p>By default the class's tests share one account, as tests against one AWS account would: give each test its own
 * table or queue names. With {@link #resetAfterEachTest()} every table, queue, topic and stream is deleted after each
 * test instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FerryLocalCloudExtension.class)
public @interface FerryLocalCloud {

    /** What to start; the whole local cloud unless narrowed. SNS brings SQS with it. */
    FerryService[] services() default {FerryService.DYNAMODB, FerryService.SQS, FerryService.SNS, FerryService.KINESIS};

    /**
     * Deletes every table, queue, topic (with its subscriptions) and stream after each test (after its
     * {@code @AfterEach} methods), through the AWS APIs; endpoints and clients stay the same. Create what a test needs
     * in the test or in {@code @BeforeEach}: what {@code @BeforeAll} created is gone after the first test.
     */
    boolean resetAfterEachTest() default false;
}
