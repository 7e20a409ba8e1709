package dev.ferry.functions.payments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.ferry.aws.AwsClients;
import dev.ferry.envelope.Envelope;
import dev.ferry.functions.Environment;
import dev.ferry.functions.api.ApiPipeline;
import dev.ferry.functions.api.ApiPriming;
import dev.ferry.functions.api.ApiWiring;
import dev.ferry.functions.api.Telemetry;
import dev.ferry.functions.events.DepositRequested;
import dev.ferry.functions.events.Events;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxTable;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * AccountsApi: {@code POST /accounts}, {@code GET /accounts/{id}}, {@code POST /accounts/{id}/deposits}.
 * Env: ACCOUNTS_TABLE, ACCOUNTS_OUTBOX_TABLE, IDEMPOTENCY_TABLE, ACCOUNT_COMMANDS_QUEUE_URL, TELEMETRY_TOPIC_ARN.
 */
public final class AccountsApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public static final String FUNCTION = "AccountsApi";
    private static final String PRIMING_ID = "00000000-0000-4000-8000-000000000000";
    /** The requests SnapStart priming runs (ApiPriming): every route, with ids nothing uses. */
    static final List<ApiPriming.Request> PRIMING = List.of(
            ApiPriming.Request.post("/accounts", "{\"owner\":\"SnapStart Priming\",\"email\":\"priming@example.com\",\"currency\":\"EUR\"}"),
            ApiPriming.Request.get("/accounts/" + PRIMING_ID),
            ApiPriming.Request.post("/accounts/" + PRIMING_ID + "/deposits", "{\"amount\":\"1.00\",\"currency\":\"EUR\"}"),
            ApiPriming.Request.get("/accounts/" + PRIMING_ID + "/deposits/" + PRIMING_ID));
    private final ApiPipeline pipeline;
    private final ApiPriming priming;

    public AccountsApiHandler() {
        this(System.getenv());
    }

    public AccountsApiHandler(Map<String, String> environment) {
        Environment env = Environment.of(environment);
        AwsClients clients = AwsClients.shared(environment);
        this.pipeline = pipeline(env, clients, ApiWiring.telemetry(env, clients, FUNCTION));
        // SnapStart: a copy of this pipeline on offline clients serves PRIMING before the snapshot (ApiPriming).
        // Its reads find no account offline, so the deposit command's send is primed on its own.
        this.priming = ApiPriming.register(FUNCTION, environment, (offline, telemetry) -> pipeline(env, offline, telemetry), PRIMING,
                offline -> new DepositCommands(offline.sqs(), env.required("ACCOUNT_COMMANDS_QUEUE_URL")).send(Envelope.of(Events.PAYMENTS_SOURCE,
                        Events.DEPOSIT_REQUESTED, PRIMING_ID, new DepositRequested(PRIMING_ID, PRIMING_ID, "1.00", "EUR"))));
    }

    private static ApiPipeline pipeline(Environment env, AwsClients clients, Telemetry telemetry) {
        String table = env.required("ACCOUNTS_TABLE");
        AccountsApi api = new AccountsApi(new AccountTable(clients.dynamoDb(), table),
                new Outbox(clients.dynamoDb(), OutboxTable.named(env.required("ACCOUNTS_OUTBOX_TABLE")), Events.codec()),
                new DepositCommands(clients.sqs(), env.required("ACCOUNT_COMMANDS_QUEUE_URL")),
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
