package dev.ferry.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.correlation.CorrelationExtractor;
import dev.ferry.functions.events.RequestServed;
import dev.ferry.http.HttpRequest;
import dev.ferry.http.HttpResponse;
import dev.ferry.http.Problem;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.LogContext;
import dev.ferry.logging.Logs;
import java.util.Optional;

/**
 * What every API function does around its routes: read the REST proxy event, open the correlation context
 * ({@code X-Correlation-Id} accepted or generated, returned on every response), dispatch, turn
 * {@link InvalidRequest} into its problem and anything unexpected into a 500 problem, then publish telemetry.
 */
public final class ApiPipeline {

    private static final JsonLogger LOG = Logs.get(ApiPipeline.class);

    private final String function;
    private final Router router;
    private final Telemetry telemetry;

    public ApiPipeline(String function, Router router, Telemetry telemetry) {
        this.function = function;
        this.router = router;
        this.telemetry = telemetry;
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        long started = System.nanoTime();
        HttpRequest request = RestApi.request(event);
        String requestId = RestApi.requestId(event).or(() -> Optional.ofNullable(context).map(Context::getAwsRequestId)).orElse(null);
        CorrelationContext correlation = CorrelationExtractor.fromHttpHeaders(request.headers(), requestId);
        HttpResponse response;
        try (Correlation.Scope c = Correlation.open(correlation); LogContext.Scope l = LogContext.invocation(context)) {
            response = respond(request);
            if (response.header(CorrelationExtractor.HEADER_CORRELATION_ID).isEmpty()) {
                // A replayed answer keeps the first request's id: the one its effects were traced under.
                response = response.withHeader(CorrelationExtractor.HEADER_CORRELATION_ID, correlation.correlationId());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("request served", "method", request.method(), "path", request.path(), "status", response.status(), "durationMs", millis);
            telemetry.requestServed(new RequestServed(function, router.describe(request), response.status(), millis));
        }
        return RestApi.response(response);
    }

    private HttpResponse respond(HttpRequest request) {
        try {
            return router.dispatch(request);
        } catch (InvalidRequest invalid) {
            return invalid.problem().at(request.path()).toResponse();
        } catch (RuntimeException unexpected) {
            LOG.error("request failed", unexpected, "method", request.method(), "path", request.path());
            return Problem.of("internal-error", "Internal error", 500,
                    "The request could not be completed; nothing was acknowledged. Retry with the same Idempotency-Key.")
                    .at(request.path()).toResponse();
        }
    }
}
