package dev.ferry.local.front.bench;

import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.kinesis.KinesisSettings;
import dev.ferry.local.sqs.SqsService;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What the validating fronts add to a call they pass on: each call made straight to the emulator (ElasticMQ,
 * kinesis-mock) and through its front in alternation, from one thread, after a warm-up, with SDK v2 clients on the
 * URL-connection HTTP client (as the functions use). Prints the median and 99th percentile of each, in microseconds.
 *
 * <pre>
 * ./mvnw -q -pl local -am test-compile
 * ./mvnw -q -pl local dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -cp local/target/classes:local/target/test-classes:$(cat local/target/bench.classpath) \
 *     dev.ferry.local.front.bench.ValidatingFrontBench 2000
 * </pre>
 */
public final class ValidatingFrontBench {
    private ValidatingFrontBench() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (SqsService sqs = SqsService.start(); KinesisService kinesis = KinesisService.start(
                     KinesisSettings.defaults().withEngine(KinesisSettings.Engine.KINESIS_MOCK));
             SqsClient sqsDirect = sqs(sqs.emulatorEndpoint()); SqsClient sqsFront = sqs(sqs.endpoint());
             KinesisClient kinesisDirect = kinesis(kinesis.emulatorEndpoint()); KinesisClient kinesisFront = kinesis(kinesis.endpoint())) {
            String queue = sqsFront.createQueue(b -> b.queueName("bench")).queueUrl();
            String body = "{\"type\":\"OrderPlaced\",\"orderId\":\"" + "x".repeat(400) + "\"}";
            List<SendMessageBatchRequestEntry> ten = IntStream.range(0, 10)
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(body).build()).toList();
            compare("SQS SendMessage", () -> sqsDirect.sendMessage(b -> b.queueUrl(queue).messageBody(body)),
                    () -> sqsFront.sendMessage(b -> b.queueUrl(queue).messageBody(body)), calls);
            compare("SQS SendMessageBatch(10)", () -> sqsDirect.sendMessageBatch(b -> b.queueUrl(queue).entries(ten)),
                    () -> sqsFront.sendMessageBatch(b -> b.queueUrl(queue).entries(ten)), calls);
            compare("SQS ReceiveMessage(10)", () -> sqsDirect.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)),
                    () -> sqsFront.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)), calls);

            kinesisFront.createStream(b -> b.streamName("bench").shardCount(1));
            kinesisFront.waiter().waitUntilStreamExists(b -> b.streamName("bench"));
            SdkBytes data = SdkBytes.fromUtf8String(body);
            List<PutRecordsRequestEntry> fifty = IntStream.range(0, 50)
                    .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("k" + i).data(data).build()).toList();
            compare("Kinesis PutRecord", () -> kinesisDirect.putRecord(b -> b.streamName("bench").partitionKey("k").data(data)),
                    () -> kinesisFront.putRecord(b -> b.streamName("bench").partitionKey("k").data(data)), calls);
            compare("Kinesis PutRecords(50)", () -> kinesisDirect.putRecords(b -> b.streamName("bench").records(fifty)),
                    () -> kinesisFront.putRecords(b -> b.streamName("bench").records(fifty)), Math.max(20, calls / 20));
        }
    }

    private static void compare(String what, Runnable direct, Runnable front, int calls) {
        for (int i = 0; i < calls / 4; i++) { // warm-up: JIT, connection pools
            direct.run();
            front.run();
        }
        long[] d = new long[calls];
        long[] f = new long[calls];
        for (int i = 0; i < calls; i++) {
            d[i] = time(direct);
            f[i] = time(front);
        }
        Arrays.sort(d);
        Arrays.sort(f);
        System.out.printf("%-26s direct p50 %5d us p99 %6d us | through the front p50 %5d us p99 %6d us | added p50 %5d us%n",
                what, d[calls / 2] / 1000, d[calls * 99 / 100] / 1000, f[calls / 2] / 1000, f[calls * 99 / 100] / 1000,
                (f[calls / 2] - d[calls / 2]) / 1000);
    }

    private static long time(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static KinesisClient kinesis(URI endpoint) {
        return KinesisClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
