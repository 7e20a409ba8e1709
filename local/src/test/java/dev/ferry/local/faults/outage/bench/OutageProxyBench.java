package dev.ferry.local.faults.outage.bench;

import dev.ferry.local.faults.outage.OutagePlan;
import dev.ferry.local.faults.outage.OutageService;
import dev.ferry.local.faults.outage.Outages;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.sns.SnsService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What the outage proxy adds to a call it forwards (no outage in effect): SNS Publish (Ferry's emulator) and
 * Kinesis PutRecord (kinesis-mock, CBOR) from one thread, each call made directly and through a function's
 * proxy in alternation, after a warm-up. Prints the median and 99th percentile of each, in microseconds.
 *
 * <pre>
 * ./mvnw -q -pl local -am test-compile
 * ./mvnw -q -pl local dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
 * java -cp local/target/classes:local/target/test-classes:$(cat local/target/bench.classpath) \
 *     dev.ferry.local.faults.outage.bench.OutageProxyBench 2000
 * </pre>
 */
public final class OutageProxyBench {
    private OutageProxyBench() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (SnsService sns = SnsService.start(URI.create("http://127.0.0.1:9"), "us-east-1");
             KinesisService kinesis = KinesisService.start()) {
            Map<String, String> endpoints = new LinkedHashMap<>(sns.endpoints());
            endpoints.putAll(kinesis.endpoints());
            try (Outages outages = Outages.start(OutagePlan.switchable(OutageService.SNS, OutageService.KINESIS), List.of("bench"),
                    endpoints, InstantSource.system(), new PrintStream(OutputStream.nullOutputStream()))) {
                Map<String, String> proxied = outages.endpointsFor("bench", endpoints);
                try (SnsClient snsDirect = sns(endpoints); SnsClient snsProxied = sns(proxied);
                     KinesisClient kinesisDirect = kinesis(endpoints); KinesisClient kinesisProxied = kinesis(proxied)) {
                    String topic = snsDirect.createTopic(b -> b.name("bench")).topicArn();
                    kinesisDirect.createStream(b -> b.streamName("bench").shardCount(1));
                    kinesisDirect.waiter().waitUntilStreamExists(b -> b.streamName("bench"));
                    Runnable publishDirect = () -> snsDirect.publish(b -> b.topicArn(topic).message("m"));
                    Runnable publishProxied = () -> snsProxied.publish(b -> b.topicArn(topic).message("m"));
                    SdkBytes data = SdkBytes.fromUtf8String("x".repeat(512));
                    Runnable putDirect = () -> kinesisDirect.putRecord(b -> b.streamName("bench").partitionKey("k").data(data));
                    Runnable putProxied = () -> kinesisProxied.putRecord(b -> b.streamName("bench").partitionKey("k").data(data));
                    compare("SNS Publish", publishDirect, publishProxied, calls);
                    compare("Kinesis PutRecord", putDirect, putProxied, calls);
                }
            }
        }
    }

    private static void compare(String what, Runnable direct, Runnable proxied, int calls) {
        for (int i = 0; i < calls / 4; i++) { // warm-up: JIT, connection pools
            direct.run();
            proxied.run();
        }
        long[] d = new long[calls];
        long[] p = new long[calls];
        for (int i = 0; i < calls; i++) {
            d[i] = time(direct);
            p[i] = time(proxied);
        }
        Arrays.sort(d);
        Arrays.sort(p);
        System.out.printf("%-18s direct p50 %5d us p99 %6d us | through proxy p50 %5d us p99 %6d us | added p50 %5d us%n",
                what, d[calls / 2] / 1000, d[calls * 99 / 100] / 1000, p[calls / 2] / 1000, p[calls * 99 / 100] / 1000,
                (p[calls / 2] - d[calls / 2]) / 1000);
    }

    private static long time(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static SnsClient sns(Map<String, String> env) {
        return SnsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SNS")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static KinesisClient kinesis(Map<String, String> env) {
        return KinesisClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_KINESIS")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
