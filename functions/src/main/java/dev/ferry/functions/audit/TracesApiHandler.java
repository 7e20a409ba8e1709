package dev.ferry.functions.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.ferry.aws.AwsClients;
import dev.ferry.functions.Environment;
import dev.ferry.functions.api.ApiPipeline;
import dev.ferry.functions.api.ApiWiring;
import java.util.Map;

/** TracesApi: {@code GET /traces/{correlationId}}. Env: AUDIT_TABLE (TELEMETRY_TOPIC_ARN optional). */
public final class TracesApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String FUNCTION = "TracesApi";
    private final ApiPipeline pipeline;

    public TracesApiHandler() {
        this(System.getenv());
    }

    public TracesApiHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        TracesApi api = new TracesApi(new AuditTable(clients.dynamoDb(), env.required("AUDIT_TABLE")));
        this.pipeline = new ApiPipeline(FUNCTION, api.routes(), ApiWiring.telemetry(env, clients, FUNCTION));
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context);
    }
}
