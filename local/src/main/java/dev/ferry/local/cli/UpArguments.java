package dev.ferry.local.cli;

import dev.ferry.local.faults.FaultPlan;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry up}'s command line; the environment's {@code AWS_ENDPOINT_URL} and {@code FERRY_FAULTS} are its defaults. */
@Command(name = "up", description = {
        "Provision the CDK app (cdk.out) on the embedded data plane, run its functions, event source mappings and API "
                + "in-process; print the API URL, a summary, the AWS_ENDPOINT_URL_* exports, then 'ready', then one line per "
                + "request or event. Stop it with Ctrl-C or 'ferry down'."})
final class UpArguments implements FerryCommand {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--data-plane-only", description = "only the emulated services (DynamoDB + Streams, SQS, SNS, Kinesis). "
            + "DynamoDB streams have FERRY_DYNAMODB_STREAM_SHARDS shards (default 4) that roll over every "
            + "FERRY_DYNAMODB_STREAM_SHARD_ROLLOVER (default PT4H); see docs/dynamodb-emulator.md")
    boolean dataPlaneOnly;

    @Option(names = "--port", paramLabel = "N", description = "pin every port: DynamoDB on N, SQS on N+1, SNS on N+2, Kinesis on "
            + "N+3, the Lambda API on N+4, the API description on N+5, the runtime's statistics on N+6, the REST API on N+7, the console on N+8 "
            + "(default: free ports)")
    @Needs("a number, e.g. --port 4566")
    String port;

    @Option(names = "--endpoint", paramLabel = "URL", description = "provision on an AWS-compatible endpoint (e.g. LocalStack) "
            + "instead; AWS_ENDPOINT_URL does the same. It refuses an endpoint that already holds resources of the app's "
            + "names unless --reuse")
    @Needs("a URL, e.g. --endpoint http://localhost:4566")
    String endpoint;

    @Option(names = "--reuse", description = "with --endpoint: run on resources of the app's names that are there already")
    boolean reuse;

    @Option(names = "--faults", paramLabel = "SPEC", description = "inject faults, e.g. duplicate:0.5,crash-after:0.1,"
            + "throttle:0.05,seed:42, or service outages as the functions see them, e.g. outage:sns|kinesis,"
            + "outage-functions:dev-OutboxRelay,outage-after:20s,outage-for:1m, or the embedded DynamoDB's own: "
            + "ddb-conflict:P, ddb-throttle:P, ddb-transaction-hold:20ms, ddb-operations:A|B, ddb-tables:T|U "
            + "(FERRY_FAULTS does the same; docs/lambda-runtime.md lists every key)")
    @Needs("a plan, e.g. --faults duplicate:0.5,crash-after:0.1,ddb-throttle:0.05,seed:42")
    String faults;

    @Option(names = {"--verbose", "-v"}, description = "the functions' own output (JSON logs, metrics) on the terminal too, "
            + "not only in their log files")
    boolean verbose;

    @Option(names = "--cloud-assembly", paramLabel = "DIR", description = "the synthesized CDK app to run (default: cdk.out)")
    @Needs("a directory")
    String cloudAssembly;

    @Option(names = UpCommand.EXIT_WHEN_READY, hidden = true)
    boolean exitWhenReady;

    @Override
    public int run(CommandContext context) throws InterruptedException {
        UpCommand up = new UpCommand(context.out(), context.err(), context.stop(), common.instance(context.home()), context.env());
        return up.run(options(context.home(), context.env()));
    }

    /** The options these arguments ask for; a problem is an {@link IllegalArgumentException} with what to do. */
    UpCommand.Options options(Path home, Map<String, String> env) {
        Optional<URI> endpointUri = Optional.ofNullable(endpoint).map(UpArguments::endpointUri)
                .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create));
        Optional<String> faultPlan = Optional.ofNullable(faults)
                .or(() -> Optional.ofNullable(env.get(FaultPlan.ENV)).filter(s -> !s.isBlank()));
        if (dataPlaneOnly && endpoint != null) {
            throw new IllegalArgumentException("--data-plane-only starts the embedded services; it cannot be combined with --endpoint");
        }
        if (reuse && (dataPlaneOnly || endpointUri.isEmpty())) {
            throw new IllegalArgumentException("--reuse is for --endpoint (or AWS_ENDPOINT_URL): the embedded data plane starts empty");
        }
        faultPlan.ifPresent(FaultPlan::parse); // fails early, with the parser's message
        Path assembly = home.resolve(Optional.ofNullable(cloudAssembly).orElse("cdk.out"));
        return new UpCommand.Options(dataPlaneOnly, port(), dataPlaneOnly ? Optional.empty() : endpointUri, faultPlan, assembly,
                verbose, reuse, exitWhenReady);
    }

    private int port() {
        if (port == null) return 0;
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number between 0 and 65535, not '" + port + "'");
        }
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException("--port needs a number between 0 and 65535, not " + n);
        }
        if (n > 65535 - Ports.SPAN + 1) {
            throw new IllegalArgumentException("--port " + n + " leaves no room for the " + Ports.SPAN
                    + " ports it pins (N to N+" + (Ports.SPAN - 1) + "): pick one below " + (65535 - Ports.SPAN + 2));
        }
        return n;
    }

    private static URI endpointUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--endpoint '" + text + "' is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--endpoint needs an http(s) URL such as http://localhost:4566, not '" + text + "'");
        }
        return uri;
    }
}
