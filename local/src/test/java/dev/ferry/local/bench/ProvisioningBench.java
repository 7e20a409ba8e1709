package dev.ferry.local.bench;

import dev.ferry.local.LocalService;
import dev.ferry.local.dynamodb.DynamoDbEmulator;
import dev.ferry.local.kinesis.KinesisService;
import dev.ferry.local.provision.ProvisionResult;
import dev.ferry.local.provision.Provisioner;
import dev.ferry.local.sns.SnsService;
import dev.ferry.local.sqs.SqsService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time to provision the Ferry app's assembly (the test fixture synthesized from infra/: 6 tables, 9 queues,
 * 2 topics, 4 subscriptions, 1 stream, 11 functions, 8 mappings, 1 API) onto a fresh embedded data plane,
 * and to provision it again onto the same endpoints (everything reused). The first round of the JVM
 * includes class loading and is reported apart.
 *
 * <pre>
 * ./mvnw -q -pl local test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
 * java -cp local/target/classes:local/target/test-classes:$(cat local/target/bench.classpath) \
 *     dev.ferry.local.bench.ProvisioningBench 5
 * </pre>
 */
public final class ProvisioningBench {

    private ProvisioningBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path assembly = Path.of(ProvisioningBench.class.getResource("/provision/ferry-app/manifest.json").toURI()).getParent();
        List<Double> fresh = new ArrayList<>();
        List<Double> again = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            List<LocalService> services = new ArrayList<>();
            Map<String, String> endpoints = new HashMap<>();
            try {
                services.add(DynamoDbEmulator.start());
                SqsService sqs = SqsService.start();
                services.add(sqs);
                services.add(SnsService.start(sqs.endpoint(), "us-east-1"));
                services.add(KinesisService.start());
                services.forEach(s -> endpoints.putAll(s.endpoints()));

                long start = System.nanoTime();
                ProvisionResult result = Provisioner.provision(assembly, endpoints);
                double first = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                Provisioner.provision(assembly, endpoints);
                double second = (System.nanoTime() - start) / 1e6;
                if (round == 0) {
                    System.out.printf("cold JVM: provision %.0f ms, again %.0f ms (%d data-plane resources, %d functions)%n",
                            first, second, result.summary().resources().size(), result.deployment().functions().size());
                } else {
                    fresh.add(first);
                    again.add(second);
                }
            } finally {
                services.reversed().forEach(LocalService::close);
            }
        }
        System.out.printf("%d warm rounds, %d CPUs, Java %s%n", rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("%-22s %8s %8s %8s%n", "ms", "min", "median", "max");
        print("provision (fresh)", fresh);
        print("provision again", again);
    }

    private static void print(String name, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf("%-22s %8.0f %8.0f %8.0f%n", name, sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast());
    }
}
