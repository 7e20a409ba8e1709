package dev.ferry.functions.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.envelope.Envelope;
import dev.ferry.envelope.EnvelopeCodec;
import dev.ferry.functions.api.ApiRequest;
import dev.ferry.functions.api.InvalidRequest;
import dev.ferry.functions.api.JsonBody;
import dev.ferry.functions.api.KeyedPosts;
import dev.ferry.functions.api.Responses;
import dev.ferry.functions.api.Router;
import dev.ferry.functions.events.AccountOpened;
import dev.ferry.functions.events.DepositRequested;
import dev.ferry.functions.events.Events;
import dev.ferry.functions.money.Money;
import dev.ferry.http.HttpResponse;
import dev.ferry.outbox.Outbox;
import dev.ferry.outbox.OutboxOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /accounts} (201, account + AccountOpened in one transaction), {@code GET /accounts/{id}},
 * {@code POST /accounts/{id}/deposits} (202: the deposit recorded PENDING and a command on the FIFO queue; the
 * worker applies or rejects it) and {@code GET /accounts/{id}/deposits/{depositId}} (its status).
 */
public final class AccountsApi {

    private static final Set<String> OPEN_FIELDS = Set.of("owner", "email", "currency");
    private static final Set<String> DEPOSIT_FIELDS = Set.of("amount", "currency");
    /** Printable text without control characters, and not only spaces (they are stripped from its ends). */
    private static final Pattern OWNER = Pattern.compile("^(?=[^\\p{Cntrl}]*[^ \\p{Cntrl}])[^\\p{Cntrl}]+$");
    private static final Pattern EDGE_SPACES = Pattern.compile("^ +| +$");
    /** A pragmatic address check: one @, no spaces, a dot in the domain. Delivery is the real check. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    record OpenAccount(String owner, String email, String currency, String scopedKey) {
    }

    record Deposit(Account account, Money amount, String scopedKey) {
    }

    private final AccountTable accounts;
    private final Outbox outbox;
    private final DepositCommands commands;
    private final KeyedPosts posts;
    private final Clock clock;

    public AccountsApi(AccountTable accounts, Outbox outbox, DepositCommands commands, KeyedPosts posts, Clock clock) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.commands = commands;
        this.posts = posts;
        this.clock = clock;
    }

    public Router routes() {
        return new Router()
                .route("POST", "/accounts", request -> posts.handle(request, AccountsApi::validateOpen, this::open))
                .route("GET", "/accounts/{id}", this::get)
                .route("POST", "/accounts/{id}/deposits", request -> posts.handle(request, this::validateDeposit, this::deposit))
                .route("GET", "/accounts/{id}/deposits/{depositId}", this::getDeposit);
    }

    static OpenAccount validateOpen(ApiRequest request) {
        JsonBody body = JsonBody.parse(request.http(), OPEN_FIELDS);
        String owner = body.text("owner", 1, 100, OWNER, "the owner's name (printable text)");
        String email = body.text("email", 3, 254, EMAIL, "an email address such as ada@example.com");
        String currency = body.text("currency", 3, 3, CURRENCY, "an ISO 4217 currency code such as \"USD\"");
        try {
            Money.currency(currency);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.badRequest("Field 'currency': " + e.getMessage());
        }
        return new OpenAccount(EDGE_SPACES.matcher(owner).replaceAll(""), email, currency, KeyedPosts.scopedKey(request));
    }

    /**
     * The account id of a request: a name-based UUID of the caller and its Idempotency-Key. If an invocation dies after the
     * account was written but before the key's completion was stored, the retry (after the key's in-progress
     * window) names the same account, finds it and answers with it instead of opening a second one.
     */
    static String accountId(String scopedKey) {
        return UUID.nameUUIDFromBytes(("account\n" + scopedKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private HttpResponse open(OpenAccount command) {
        Account account = Account.open(accountId(command.scopedKey()), command.owner(), command.email(), command.currency(), clock.instant());
        Envelope<AccountOpened> opened = Envelope.of(Events.PAYMENTS_SOURCE, Events.ACCOUNT_OPENED, account.id(),
                new AccountOpened(account.id(), account.owner(), account.email(), account.currencyCode()));
        if (outbox.write(accounts.insert(account), opened) instanceof OutboxOutcome.ConditionFailed) {
            return alreadyOpened(command, account.id());
        }
        return Responses.at(201, "/accounts/" + account.id(), json(account));
    }

    /** A run of this key opened the account before but never stored its answer: answer with that account. */
    private HttpResponse alreadyOpened(OpenAccount command, String id) {
        Account existing = accounts.find(id).orElseThrow(() -> new IllegalStateException(
                "account " + id + " could not be inserted, yet it is not there to read"));
        if (!existing.owner().equals(command.owner()) || !existing.email().equals(command.email())
                || !existing.currencyCode().equals(command.currency())) {
            throw InvalidRequest.unprocessable("The Idempotency-Key was already used to open account " + id
                    + " with other details. Use a new key for a new account.");
        }
        return Responses.at(201, "/accounts/" + id, json(existing));
    }

    private HttpResponse get(ApiRequest request) {
        String id = Responses.requireId(request, "id", "account");
        return Responses.json(200, json(existing(id)));
    }

    /** Validation reads the account: a deposit to an unknown account is a 404 that claims no key and writes nothing. */
    private Deposit validateDeposit(ApiRequest request) {
        String id = Responses.requireId(request, "id", "account");
        JsonBody body = JsonBody.parse(request.http(), DEPOSIT_FIELDS);
        Money amount = body.positiveMoney("amount", "currency");
        Account account = existing(id);
        if (!amount.sameCurrency(account.balance())) {
            throw InvalidRequest.unprocessable("Account " + id + " holds " + account.currencyCode() + "; a deposit in "
                    + amount.currencyCode() + " cannot be applied to it");
        }
        // What can be known now is refused now; a deposit that only fails against a later balance (two large
        // deposits racing) is refused by the worker and shows REJECTED on its status resource.
        if (account.deposit(amount) instanceof Account.Deposit.Refused refused) {
            throw InvalidRequest.unprocessable("A deposit of " + amount + " cannot be applied to account " + id + ": " + refused.reason());
        }
        return new Deposit(account, amount, KeyedPosts.scopedKey(request));
    }

    private HttpResponse deposit(Deposit deposit) {
        String accountId = deposit.account().id();
        String depositId = DepositCommands.depositId(accountId, deposit.scopedKey());
        DepositRequested data = new DepositRequested(depositId, accountId, deposit.amount().text(), deposit.amount().currencyCode());
        // Recorded before the command is queued, so its status resource exists as soon as the client hears 202.
        accounts.recordRequestedDeposit(depositId, accountId, deposit.amount(), clock.instant());
        Envelope<DepositRequested> base = Envelope.of(Events.PAYMENTS_SOURCE, Events.DEPOSIT_REQUESTED, accountId, data);
        // The command's id is the deposit id, so the worker's idempotency key is stable across resends.
        commands.send(new Envelope<>(depositId, base.source(), base.type(), base.subject(), base.time(), data,
                base.correlationId(), base.causationId()));
        ObjectNode node = EnvelopeCodec.mapper().createObjectNode();
        node.put("depositId", depositId);
        node.put("accountId", accountId);
        node.put("amount", deposit.amount().text());
        node.put("currency", deposit.amount().currencyCode());
        node.put("status", DepositStatus.PENDING.name());
        return Responses.at(202, depositLocation(accountId, depositId), node);
    }

    static String depositLocation(String accountId, String depositId) {
        return "/accounts/" + accountId + "/deposits/" + depositId;
    }

    /** The status resource of a deposit: PENDING, APPLIED with the balance after it, or REJECTED with the reason. */
    private HttpResponse getDeposit(ApiRequest request) {
        String accountId = Responses.requireId(request, "id", "account");
        String depositId = Responses.requireId(request, "depositId", "deposit");
        DepositRecord deposit = accounts.findDeposit(depositId).filter(d -> d.accountId().equals(accountId))
                .orElseThrow(() -> InvalidRequest.notFound("Account '" + accountId + "' has no deposit with id '" + depositId + "'"));
        ObjectNode node = EnvelopeCodec.mapper().createObjectNode();
        node.put("depositId", deposit.depositId());
        node.put("accountId", deposit.accountId());
        node.put("amount", deposit.amount().text());
        node.put("currency", deposit.amount().currencyCode());
        node.put("status", deposit.status().name());
        deposit.balanceAfter().ifPresent(b -> node.put("balanceAfter", b.text()));
        deposit.reason().ifPresent(r -> node.put("reason", r));
        node.put("updatedAt", deposit.updatedAt().toString());
        return Responses.json(200, node);
    }

    private Account existing(String id) {
        return accounts.find(id).orElseThrow(() -> InvalidRequest.notFound("There is no account with id '" + id + "'"));
    }

    static ObjectNode json(Account account) {
        ObjectNode node = EnvelopeCodec.mapper().createObjectNode();
        node.put("id", account.id());
        node.put("owner", account.owner());
        node.put("email", account.email());
        node.put("currency", account.currencyCode());
        node.put("balance", account.balance().text());
        node.put("version", account.version());
        node.put("createdAt", account.createdAt().toString());
        return node;
    }
}
