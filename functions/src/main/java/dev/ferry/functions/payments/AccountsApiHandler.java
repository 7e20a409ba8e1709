package dev.ferry.functions.payments;

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

/**
 * AccountsApi: {@code POST /accounts}, {@code GET /accounts/{id}}, {@code POST /accounts/{id}/deposits}.
 * Env: ACCOUNTS_TABLE, ACCOUNTS_OUTBOX_TABLE, IDEMPOTENCY_TABLE, ACCOUNT_COMMANDS_QUEUE_URL, TELEMETRY_TOPIC_ARN.
 */
public final class AccountsApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String FUNCTION = "AccountsApi";
    private final ApiPipeline pipeline;

    public AccountsApiHandler() {
        this(System.getenv());
    }

    public AccountsApiHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        String table = env.required("ACCOUNTS_TABLE");
        AccountsApi api = new AccountsApi(new AccountTable(clients.dynamoDb(), table),
                new Outbox(clients.dynamoDb(), OutboxTable.named(env.required("ACCOUNTS_OUTBOX_TABLE")), Events.codec()),
                new DepositCommands(clients.sqs(), env.required("ACCOUNT_COMMANDS_QUEUE_URL")),
                ApiWiring.keyedPosts(env, clients, FUNCTION), Clock.systemUTC());
        this.pipeline = new ApiPipeline(FUNCTION, api.routes(), ApiWiring.telemetry(env, clients, FUNCTION));
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.handle(event, context);
    }
}
