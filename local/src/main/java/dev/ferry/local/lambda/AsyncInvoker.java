package dev.ferry.local.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.local.deployment.AsyncInvokeConfig;
import dev.ferry.local.faults.Fault;
import dev.ferry.local.faults.FaultInjector;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lambda's asynchronous invocation: the event is accepted at once, then run with the function's
 * EventInvokeConfig: up to {@code maximumRetryAttempts} retries after a function error (delays from
 * {@link RuntimeSettings#asyncRetryDelays()}), throttles retried without counting as retries, events older
 * than {@code maximumEventAge} discarded, and the outcome sent to the on-success / on-failure destination
 * as Lambda's invocation record.
 */
final class AsyncInvoker implements AutoCloseable {
    /** Lambda's Invoke API: 1 MB for InvocationType Event (raised from 256 KB in 2025). */
    static final int ASYNC_PAYLOAD_LIMIT = 1024 * 1024;

    private final RuntimeSettings settings;
    private final FaultInjector faults;
    private final Destinations destinations;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong destinationFailures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    AsyncInvoker(RuntimeSettings settings, FaultInjector faults, Destinations destinations) {
        this.settings = settings;
        this.faults = faults;
        this.destinations = destinations;
    }

    /** Queues the event; returns its request id (the id every attempt of it runs with). */
    String submit(LocalFunction function, byte[] payload) {
        if (payload.length > ASYNC_PAYLOAD_LIMIT) {
            throw new IllegalArgumentException("asynchronous payloads are limited to " + ASYNC_PAYLOAD_LIMIT
                    + " bytes; this one has " + payload.length + " (RequestEntityTooLargeException on Lambda):"
                    + " put the data in S3 or DynamoDB and pass a reference");
        }
        String requestId = UUID.randomUUID().toString();
        enqueue(function, payload, requestId);
        if (faults.inject(Fault.DUPLICATE, function.name())) {
            // Lambda's async queue is at-least-once: the same event may run twice, under a new request id.
            enqueue(function, payload, UUID.randomUUID().toString());
        }
        return requestId;
    }

    private void enqueue(LocalFunction function, byte[] payload, String requestId) {
        Instant accepted = Instant.now();
        pending.incrementAndGet();
        executor.execute(() -> {
            try {
                process(function, payload, requestId, accepted);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    int pending() {
        return pending.get();
    }

    long destinationFailures() {
        return destinationFailures.get();
    }

    long dropped() {
        return dropped.get();
    }

    private void process(LocalFunction function, byte[] payload, String requestId, Instant accepted)
            throws InterruptedException {
        AsyncInvokeConfig config = function.spec().async();
        int invokeCount = 0;
        int retries = 0;
        InvokeResult last = null;
        while (true) {
            if (Duration.between(accepted, Instant.now()).compareTo(config.maximumEventAge()) > 0) {
                finish(function, config, payload, requestId, "EventAgeExceeded", invokeCount, last);
                return;
            }
            InvokeResult result = function.invoke(payload, InvocationSource.ASYNC, requestId);
            if (!(result instanceof InvokeResult.Throttled)) {
                invokeCount++;
            }
            last = result;
            switch (result) {
                case InvokeResult.Success s -> {
                    finish(function, config, payload, requestId, "Success", invokeCount, s);
                    return;
                }
                case InvokeResult.Throttled t -> Thread.sleep(settings.throttleRetryDelay());
                case InvokeResult.Rejected r -> {
                    finish(function, config, payload, requestId, "RetriesExhausted", invokeCount, r);
                    return;
                }
                case InvokeResult.FunctionError e -> {
                    if (retries >= config.maximumRetryAttempts()) {
                        finish(function, config, payload, requestId, "RetriesExhausted", invokeCount, e);
                        return;
                    }
                    retries++;
                    Thread.sleep(settings.asyncRetryDelay(retries));
                }
            }
        }
    }

    private void finish(LocalFunction function, AsyncInvokeConfig config, byte[] payload, String requestId,
                        String condition, int invokeCount, InvokeResult last) {
        boolean success = last instanceof InvokeResult.Success;
        var destination = success ? config.onSuccessDestinationArn() : config.onFailureDestinationArn();
        if (destination.isEmpty()) {
            if (!success) {
                dropped.incrementAndGet();
            }
            return;
        }
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", Json.timestamp(Instant.now()));
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", requestId);
        request.put("functionArn", function.spec().arn() + ":$LATEST");
        request.put("condition", condition);
        request.put("approximateInvokeCount", invokeCount);
        record.set("requestPayload", Json.payloadNode(payload));
        ObjectNode response = record.putObject("responseContext");
        switch (last) {
            case InvokeResult.Success s -> {
                response.put("statusCode", 200);
                response.put("executedVersion", "$LATEST");
                record.set("responsePayload", Json.payloadNode(s.payload()));
            }
            case InvokeResult.FunctionError e -> {
                response.put("statusCode", 200);
                response.put("executedVersion", "$LATEST");
                response.put("functionError", "Unhandled");
                record.set("responsePayload", Json.payloadNode(e.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            case InvokeResult.Throttled t -> {
                response.put("statusCode", 429);
                record.set("responsePayload", ErrorDocument.of("TooManyRequestsException", t.message()));
            }
            case InvokeResult.Rejected r -> {
                response.put("statusCode", 400);
                record.set("responsePayload", ErrorDocument.of(r.errorCode(), r.message()));
            }
            case null -> response.put("statusCode", 0);
        }
        try {
            destinations.send(destination.get(), Json.write(record));
        } catch (RuntimeException e) {
            destinationFailures.incrementAndGet();
            settings.log().println("[" + function.name() + "] could not deliver the " + condition
                    + " record of request " + requestId + " to " + destination.get() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
