package dev.ferry.functions.orders;

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
import dev.ferry.functions.events.Events;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** OrdersApi: {@code POST /orders}, {@code GET /orders/{id}}. Env: ORDERS_TABLE, ORDERS_OUTBOX_TABLE, IDEMPOTENCY_TABLE, TELEMETRY_TOPIC_ARN. */
public final class OrdersApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String FUNCTION = "OrdersApi";
    private static final String PRIMING_ID = "00000000-0000-4000-8000-000000000000";
    /** The requests SnapStart priming runs (ApiPriming): every route, with ids nothing uses. */
    static final List<ApiPriming.Request> PRIMING = List.of(
            ApiPriming.Request.post("/orders", "{\"accountId\":\"%s\",\"amount\":\"1.00\",\"currency\":\"EUR\"}".formatted(PRIMING_ID)),
            ApiPriming.Request.get("/orders/" + PRIMING_ID));
    private final ApiPipeline pipeline;
    private final ApiPriming priming;

    public OrdersApiHandler() {
        this(System.getenv());
    }

    public OrdersApiHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        this.pipeline = pipeline(env, clients, ApiWiring.telemetry(env, clients, FUNCTION));
        // SnapStart: a copy of this pipeline on offline clients serves PRIMING before the snapshot (ApiPriming).
        this.priming = ApiPriming.register(FUNCTION, environment, (offline, telemetry) -> pipeline(env, offline, telemetry), PRIMING);
    }

    private static ApiPipeline pipeline(Environment env, AwsClients clients, Telemetry telemetry) {
        String table = env.required("ORDERS_TABLE");
        OrdersApi api = new OrdersApi(new OrderTable(clients.dynamoDb(), table),
                new Outbox(clients.dynamoDb(), OutboxTable.named(env.required("ORDERS_OUTBOX_TABLE")), Events.codec()),
                ApiWiring.keyedPosts(env, clients, FUNCTION), Clock.systemUTC());
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
