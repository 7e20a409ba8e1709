package dev.ferry.local.lambda.api;

import static dev.ferry.local.lambda.testing.Functions.arn;
import static dev.ferry.local.lambda.testing.Functions.env;
import static dev.ferry.local.lambda.testing.Functions.function;
import static dev.ferry.local.lambda.testing.Functions.streamMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.deployment.EventSourceMappingSpec.SourceKind;
import dev.ferry.local.deployment.FunctionSpec;
import dev.ferry.local.faults.FaultPlan;
import dev.ferry.local.lambda.Json;
import dev.ferry.local.lambda.LambdaRuntime;
import dev.ferry.local.lambda.RuntimeSettings;
import dev.ferry.local.lambda.testing.FunctionAssets;
import dev.ferry.local.lambda.testing.Functions;
import dev.ferry.local.lambda.testing.OutputFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The runtime's Lambda API, through the AWS SDK's own {@code LambdaClient}, as a user's code would call it. */
class LambdaApiTest {
    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/events";
    private static final String FAILURES_ARN = "arn:aws:sqs:us-east-1:000000000000:failures";

    @TempDir
    Path tmp;

    private LambdaRuntime runtime;
    private LambdaClient lambda;

    @BeforeEach
    void start() {
        Path code = FunctionAssets.directory(tmp, false);
        List<FunctionSpec> functions = List.of(function("echo", "EchoHandler", code, env(tmp, "GREETING", "hi")),
                function("broken", "FailingHandler", code, env(tmp)));
        // The mapping is described, not polled: the stream need not exist.
        var mapping = streamMapping("AuditMapping", "echo", STREAM_ARN, SourceKind.KINESIS, 25, true,
                List.of("{\"data\":{\"type\":[\"OrderPlaced\"]}}"), true, OptionalInt.of(2), Optional.of(FAILURES_ARN));
        runtime = LambdaRuntime.builder(Functions.deployment(functions, List.of(mapping), List.of(), List.of()))
                .faults(FaultPlan.none())
                .settings(RuntimeSettings.defaults().withLog(new PrintStream(OutputStream.nullOutputStream()))).start();
        lambda = LambdaClient.builder().endpointOverride(runtime.lambdaEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        runtime.close();
    }

    @Test
    void requestResponseReturnsTheFunctionsResponseAndTheExecutedVersion() throws Exception {
        InvokeResponse r = lambda.invoke(b -> b.functionName("echo").payload(SdkBytes.fromUtf8String("{\"orderId\":\"o-1\"}")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isNull();
        assertThat(r.executedVersion()).isEqualTo("$LATEST");
        assertThat(r.responseMetadata().requestId()).hasSize(36);
        JsonNode out = Json.MAPPER.readTree(r.payload().asByteArray());
        assertThat(out.at("/input/orderId").asText()).isEqualTo("o-1");
        assertThat(out.get("greeting").asText()).isEqualTo("hi");
        assertThat(out.get("requestId").asText()).isEqualTo(r.responseMetadata().requestId());
        assertThat(runtime.functionStats()).filteredOn(s -> s.functionName().equals("echo"))
                .singleElement().satisfies(s -> assertThat(s.invocations()).isEqualTo(1));
    }

    @Test
    void aFunctionErrorIsA200WithTheFunctionErrorHeaderAndLambdasErrorDocument() throws Exception {
        InvokeResponse r = lambda.invoke(b -> b.functionName("broken").payload(SdkBytes.fromUtf8String("{\"orderId\":\"o-9\"}")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.MAPPER.readTree(r.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("order o-9 is invalid");
        assertThat(error.get("stackTrace").isArray()).isTrue();
    }

    @Test
    void anEventInvocationIsAcceptedWith202AndRunsThroughTheAsyncQueue() throws Exception {
        InvokeResponse r = lambda.invoke(b -> b.functionName("broken").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"orderId\":\"o-2\"}")));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.payload().asByteArray()).isEmpty();
        // Lambda's async retries: the first attempt and two more, all under the request id the API answered with
        await().atMost(Duration.ofSeconds(20)).until(() -> OutputFiles.lines(tmp, "broken").size() == 3);
        assertThat(OutputFiles.lines(tmp, "broken")).allMatch(l -> l.equals("attempt " + r.responseMetadata().requestId()));
    }

    @Test
    void aDryRunChecksTheFunctionAndRunsNothing() {
        InvokeResponse r = lambda.invoke(b -> b.functionName("broken").invocationType(InvocationType.DRY_RUN));

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(OutputFiles.lines(tmp, "broken")).isEmpty();
    }

    @Test
    void anUnknownFunctionIs404ResourceNotFoundNamingItsArn() {
        ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class,
                () -> lambda.invoke(b -> b.functionName("nope").payload(SdkBytes.fromUtf8String("{}"))));

        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Function not found: " + arn("nope"));
    }

    @Test
    void theFunctionIsFoundByNameQualifiedNameArnQualifiedArnAndPartialArn() {
        for (String name : List.of("echo", "echo:$LATEST", arn("echo"), arn("echo") + ":$LATEST", "000000000000:function:echo")) {
            InvokeResponse r = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
            assertThat(r.statusCode()).as(name).isEqualTo(200);
        }
        assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> lambda.invoke(b -> b.functionName(
                "arn:aws:lambda:us-east-1:111111111111:function:echo")))).as("another account's function of that name").isNotNull();
        assertThat(catchThrowableOfType(LambdaException.class, () -> lambda.invoke(b -> b.functionName("echo:v1").qualifier("v2"))))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValueException"));
    }

    @Test
    void aPayloadThatIsNotJsonIsRejectedBeforeTheFunctionRuns() {
        InvalidRequestContentException e = catchThrowableOfType(InvalidRequestContentException.class,
                () -> lambda.invoke(b -> b.functionName("broken").payload(SdkBytes.fromUtf8String("not json"))));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Could not parse request body into json");
        assertThat(OutputFiles.lines(tmp, "broken")).isEmpty();
    }

    @Test
    void anEmptyPayloadReachesTheFunctionAsAnEmptyObject() throws Exception {
        InvokeResponse r = lambda.invoke(b -> b.functionName("echo"));

        assertThat(Json.MAPPER.readTree(r.payload().asByteArray()).get("input").toString()).isEqualTo("{}");
    }

    @Test
    void listEventSourceMappingsDescribesTheDeploymentsMappingsWithTheirFiltersAndResponseTypes() {
        List<EventSourceMappingConfiguration> mappings = lambda.listEventSourceMappings(b -> b.functionName(arn("echo"))
                .eventSourceArn(STREAM_ARN)).eventSourceMappings();

        assertThat(mappings).singleElement().satisfies(m -> {
            assertThat(m.functionArn()).isEqualTo(arn("echo"));
            assertThat(m.eventSourceArn()).isEqualTo(STREAM_ARN);
            assertThat(m.uuid()).hasSize(36);
            assertThat(m.state()).isEqualTo("Enabled");
            assertThat(m.batchSize()).isEqualTo(25);
            assertThat(m.filterCriteria().filters()).singleElement()
                    .satisfies(f -> assertThat(f.pattern()).isEqualTo("{\"data\":{\"type\":[\"OrderPlaced\"]}}"));
            assertThat(m.functionResponseTypes()).containsExactly(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
            assertThat(m.bisectBatchOnFunctionError()).isTrue();
            assertThat(m.maximumRetryAttempts()).isEqualTo(2);
            assertThat(m.maximumRecordAgeInSeconds()).isEqualTo(-1);
            assertThat(m.destinationConfig().onFailure().destination()).isEqualTo(FAILURES_ARN);
            assertThat(m.lastModified()).isNotNull();
        });
        assertThat(lambda.listEventSourceMappings(b -> b.functionName("broken")).eventSourceMappings()).isEmpty();
        assertThat(lambda.listEventSourceMappings(b -> b.eventSourceArn(STREAM_ARN + "-other")).eventSourceMappings()).isEmpty();
    }

    @Test
    void functionsAreGivenTheLambdaEndpointAndAnUnservedOperationSaysWhatIsServed() throws Exception {
        assertThat(runtime.environmentOf(arn("echo"))).containsEntry("AWS_ENDPOINT_URL_LAMBDA", runtime.lambdaEndpoint().toString());

        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create(runtime.lambdaEndpoint() + "/2015-03-31/functions/echo")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("x-amzn-errortype")).contains("UnknownOperationException");
        assertThat(r.body()).contains("Invoke").contains("ListEventSourceMappings");
    }

    @Test
    void aClosedRuntimeNoLongerAnswers() {
        URI endpoint = runtime.lambdaEndpoint();
        runtime.close();

        assertThat(catchThrowableOfType(Exception.class, () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(endpoint.resolve("/2015-03-31/event-source-mappings/"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()))).isNotNull();
    }
}
