package dev.ferry.functions.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.functions.api.ApiRequest;
import dev.ferry.functions.api.InvalidRequest;
import dev.ferry.functions.api.JsonBody;
import dev.ferry.functions.api.KeyedPosts;
import dev.ferry.functions.api.Responses;
import dev.ferry.functions.api.Router;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.events.OrderPlaced;
import dev.ferry.functions.money.Money;
import dev.ferry.http.HttpResponse;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/** {@code POST /orders} (202 + Location, order PENDING and OrderPlaced in one transaction) and {@code GET /orders/{id}}. */
public final class OrdersApi {

    private static final Set<String> PLACE_FIELDS = Set.of("accountId", "amount", "currency");

    record PlaceOrder(String accountId, Money amount, String scopedKey) {
    }

    private final OrderTable orders;
    private final Outbox outbox;
    private final KeyedPosts posts;
    private final Clock clock;

    public OrdersApi(OrderTable orders, Outbox outbox, KeyedPosts posts, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.posts = posts;
        this.clock = clock;
    }

    public Router routes() {
        return new Router()
                .route("POST", "/orders", request -> posts.handle(request, OrdersApi::validate, this::place))
                .route("GET", "/orders/{id}", this::get);
    }

    static PlaceOrder validate(ApiRequest request) {
        JsonBody body = JsonBody.parse(request.http(), PLACE_FIELDS);
        String accountId = body.text("accountId", 1, 64, Responses.ID, "an account id (letters, digits and '-')");
        return new PlaceOrder(accountId, body.positiveMoney("amount", "currency"), KeyedPosts.scopedKey(request));
    }

    /**
     * The order id of a request: a name-based UUID of the caller and its Idempotency-Key. If an invocation dies after the
     * order was written but before the key's completion was stored, the retry (after the key's in-progress
     * window) names the same order, finds it, and answers with it instead of placing and charging a second one.
     */
    static String orderId(String scopedKey) {
        return UUID.nameUUIDFromBytes(("order\n" + scopedKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private HttpResponse place(PlaceOrder command) {
        Order order = Order.place(orderId(command.scopedKey()), command.accountId(), command.amount(), clock.instant());
        Envelope<OrderPlaced> placed = Envelope.of(Events.ORDERS_SOURCE, Events.ORDER_PLACED, order.id(),
                new OrderPlaced(order.id(), order.accountId(), order.amount().text(), order.amount().currencyCode()));
        if (outbox.write(orders.insert(order), placed) instanceof OutboxOutcome.ConditionFailed) {
            return alreadyPlaced(command, order.id());
        }
        return Responses.at(202, "/orders/" + order.id(), json(order));
    }

    /** A run of this key placed the order before but never stored its answer: answer with that order. */
    private HttpResponse alreadyPlaced(PlaceOrder command, String id) {
        Order existing = orders.find(id).orElseThrow(() -> new IllegalStateException(
                "order " + id + " could not be inserted, yet it is not there to read"));
        if (!existing.accountId().equals(command.accountId()) || !existing.amount().sameCurrency(command.amount())
                || existing.amount().compareTo(command.amount()) != 0) {
            throw InvalidRequest.unprocessable("The Idempotency-Key was already used to place order " + id
                    + " with a different account or amount. Use a new key for a new order.");
        }
        return Responses.at(202, "/orders/" + id, json(existing));
    }

    private HttpResponse get(ApiRequest request) {
        String id = Responses.requireId(request, "id", "order");
        Order order = orders.find(id).orElseThrow(() -> InvalidRequest.notFound("There is no order with id '" + id + "'"));
        return Responses.json(200, json(order));
    }

    static ObjectNode json(Order order) {
        ObjectNode node = EnvelopeCodec.mapper().createObjectNode();
        node.put("id", order.id());
        node.put("accountId", order.accountId());
        node.put("amount", order.amount().text());
        node.put("currency", order.amount().currencyCode());
        node.put("status", order.status().name());
        node.put("version", order.version());
        node.put("createdAt", order.createdAt().toString());
        node.put("updatedAt", order.updatedAt().toString());
        order.reason().ifPresent(r -> node.put("reason", r));
        return node;
    }
}
