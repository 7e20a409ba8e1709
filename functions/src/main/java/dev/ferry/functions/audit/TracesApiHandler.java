package dev.ferry.functions.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.ferry.aws.AwsClients;
import dev.ferry.functions.Environment;
import dev.ferry.functions.api.ApiPipeline;
import dev.ferry.functions.api.ApiPriming;
import dev.ferry.functions.api.ApiWiring;
import dev.ferry.functions.api.Telemetry;
import java.util.List;
import java.util.Map;

/** TracesApi: {@code GET /traces/{correlationId}}. Env: AUDIT_TABLE (TELEMETRY_TOPIC_ARN optional). */
public final class TracesApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String FUNCTION = "TracesApi";
    /** The requests SnapStart priming runs (ApiPriming): every route, with ids nothing uses. */
    static final List<ApiPriming.Request> PRIMING = List.of(ApiPriming.Request.get("/traces/snapstart-priming"));
    private final ApiPipeline pipeline;
    private final ApiPriming priming;

    public TracesApiHandler() {
        this(System.getenv());
    }

    public TracesApiHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        this.pipeline = pipeline(env, clients, ApiWiring.telemetry(env, clients, FUNCTION));
        // SnapStart: a copy of this pipeline on offline clients serves PRIMING before the snapshot (ApiPriming).
        this.priming = ApiPriming.register(FUNCTION, environment, (offline, telemetry) -> pipeline(env, offline, telemetry), PRIMING);
    }

    private static ApiPipeline pipeline(Environment env, AwsClients clients, Telemetry telemetry) {
        TracesApi api = new TracesApi(new AuditTable(clients.dynamoDb(), env.required("AUDIT_TABLE")));
        return new ApiPipeline(FUNCTION, api.routes(), telemetry);
    }

    /** The SnapStart hooks of this handler (for tests: Lambda calls them, no one else does). */
    public ApiPriming snapStartPriming() {
        return priming;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context);
    }
}
