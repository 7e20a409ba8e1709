package dev.ferry.functions.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.ferry.aws.AwsClients;
import dev.ferry.functions.Environment;
import dev.ferry.functions.api.ApiPipeline;
import dev.ferry.functions.api.ApiWiring;
import dev.ferry.functions.events.Events;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.util.Map;

/** OrdersApi: {@code POST /orders}, {@code GET /orders/{id}}. Env: ORDERS_TABLE, ORDERS_OUTBOX_TABLE, IDEMPOTENCY_TABLE, TELEMETRY_TOPIC_ARN. */
public final class OrdersApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String FUNCTION = "OrdersApi";
    private final ApiPipeline pipeline;

    public OrdersApiHandler() {
        this(System.getenv());
    }

    public OrdersApiHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        String table = env.required("ORDERS_TABLE");
        OrdersApi api = new OrdersApi(new OrderTable(clients.dynamoDb(), table),
                new Outbox(clients.dynamoDb(), OutboxTable.named(env.required("ORDERS_OUTBOX_TABLE")), Events.codec()),
                ApiWiring.keyedPosts(env, clients, FUNCTION), Clock.systemUTC());
        this.pipeline = new ApiPipeline(FUNCTION, api.routes(), ApiWiring.telemetry(env, clients, FUNCTION));
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context);
    }
}
