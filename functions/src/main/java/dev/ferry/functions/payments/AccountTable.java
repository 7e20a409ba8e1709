package dev.ferry.functions.payments;

import dev.ferry.functions.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Accounts in the {@code accounts} table (key {@code id}), beside the records that make payments and
 * deposits happen once for good: {@code payment#<order id>} and {@code deposit#<deposit id>} (a deposit's
 * status resource too); {@code kind} tells them apart. Balances are DynamoDB numbers: exact decimals.
 */
public final class AccountTable {

    public static final String ID = "id";
    static final String KIND = "kind";
    static final String KIND_ACCOUNT = "account";
    static final String KIND_PAYMENT = "payment";
    static final String KIND_DEPOSIT = "deposit";
    static final String PAYMENT_PREFIX = "payment#";
    static final String DEPOSIT_PREFIX = "deposit#";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public AccountTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String name() {
        return table;
    }

    public Optional<Account> find(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(ID, AttributeValue.fromS(id))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !KIND_ACCOUNT.equals(text(item, KIND))) {
            return Optional.empty();
        }
        return Optional.of(fromItem(item));
    }

    public TransactWriteItem insert(Account account) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(account))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ID)).build()).build();
    }

    /** {@code after}'s balance and version, only if the stored version is still {@code before}'s. */
    public TransactWriteItem update(Account before, Account after) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(ID, AttributeValue.fromS(after.id())))
                .updateExpression("SET balance = :balance, #version = :version")
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(
                        ":balance", AttributeValue.fromN(after.balance().text()),
                        ":version", AttributeValue.fromN(Long.toString(after.version())),
                        ":expected", AttributeValue.fromN(Long.toString(before.version()))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * The decision on an order's payment, written once and kept for good (no TTL): whatever redelivers the
     * order later, and however long after its idempotency record expired, it cannot be paid twice.
     */
    public TransactWriteItem recordPayment(String orderId, String accountId, String amount, String currency, String decision,
            String reason, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, AttributeValue.fromS(PAYMENT_PREFIX + orderId));
        item.put(KIND, AttributeValue.fromS(KIND_PAYMENT));
        item.put("orderId", AttributeValue.fromS(orderId));
        item.put("accountId", AttributeValue.fromS(accountId));
        item.put("amount", AttributeValue.fromS(amount));
        item.put("currency", AttributeValue.fromS(currency));
        item.put("decision", AttributeValue.fromS(decision));
        item.put("reason", AttributeValue.fromS(reason));
        item.put("decidedAt", AttributeValue.fromS(at.toString()));
        return once(item);
    }

    /**
     * Records a deposit PENDING when its command is accepted; a repeat of the same request (same deposit id)
     * finds it there and leaves it as it is.
     */
    public void recordRequestedDeposit(String depositId, String accountId, Money amount, Instant at) {
        Map<String, AttributeValue> item = depositItem(depositId, accountId, amount, DepositStatus.PENDING, at);
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", ID)));
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            // The first attempt of this request recorded it; the deposit id is the same, so is the record.
        }
    }

    /** The deposit's record, if there is one. */
    public Optional<DepositRecord> findDeposit(String depositId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(ID, AttributeValue.fromS(DEPOSIT_PREFIX + depositId))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !KIND_DEPOSIT.equals(text(item, KIND))) {
            return Optional.empty();
        }
        String currency = text(item, "currency");
        return Optional.of(new DepositRecord(text(item, "depositId"), text(item, "accountId"),
                Money.of(new BigDecimal(item.get("amount").n()), currency), DepositStatus.valueOf(text(item, "status")),
                Optional.ofNullable(item.get("balanceAfter")).map(v -> Money.of(new BigDecimal(v.n()), currency)),
                Optional.ofNullable(item.get("reason")).map(AttributeValue::s), Instant.parse(text(item, "updatedAt"))));
    }

    /**
     * Moves the deposit to APPLIED with the balance after it, only if it is still PENDING (or was never
     * recorded, as for commands queued before deposits had records): the ledger entry that stops a second
     * application for good.
     */
    public TransactWriteItem applyDeposit(String depositId, Account after, Money amount, Instant at) {
        return decide(depositId, after.id(), amount, DepositStatus.APPLIED, Map.of("balanceAfter", AttributeValue.fromN(after.balance().text())), at);
    }

    /** Moves the deposit to REJECTED with the reason, only if it is still PENDING (or was never recorded). */
    public TransactWriteItem rejectDeposit(String depositId, String accountId, Money amount, String reason, Instant at) {
        return decide(depositId, accountId, amount, DepositStatus.REJECTED, Map.of("reason", AttributeValue.fromS(reason)), at);
    }

    private TransactWriteItem decide(String depositId, String accountId, Money amount, DepositStatus status,
            Map<String, AttributeValue> details, Instant at) {
        Map<String, AttributeValue> item = depositItem(depositId, accountId, amount, status, at);
        item.putAll(details);
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id) OR #status = :pending")
                .expressionAttributeNames(Map.of("#id", ID, "#status", "status"))
                .expressionAttributeValues(Map.of(":pending", AttributeValue.fromS(DepositStatus.PENDING.name())))
                .build()).build();
    }

    private static Map<String, AttributeValue> depositItem(String depositId, String accountId, Money amount, DepositStatus status, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, AttributeValue.fromS(DEPOSIT_PREFIX + depositId));
        item.put(KIND, AttributeValue.fromS(KIND_DEPOSIT));
        item.put("depositId", AttributeValue.fromS(depositId));
        item.put("accountId", AttributeValue.fromS(accountId));
        item.put("amount", AttributeValue.fromN(amount.text()));
        item.put("currency", AttributeValue.fromS(amount.currencyCode()));
        item.put("status", AttributeValue.fromS(status.name()));
        item.put("updatedAt", AttributeValue.fromS(at.toString()));
        return item;
    }

    private TransactWriteItem once(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ID)).build()).build();
    }

    static Map<String, AttributeValue> toItem(Account account) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, AttributeValue.fromS(account.id()));
        item.put(KIND, AttributeValue.fromS(KIND_ACCOUNT));
        item.put("owner", AttributeValue.fromS(account.owner()));
        item.put("email", AttributeValue.fromS(account.email()));
        item.put("currency", AttributeValue.fromS(account.currencyCode()));
        item.put("balance", AttributeValue.fromN(account.balance().text()));
        item.put("version", AttributeValue.fromN(Long.toString(account.version())));
        item.put("createdAt", AttributeValue.fromS(account.createdAt().toString()));
        return item;
    }

    static Account fromItem(Map<String, AttributeValue> item) {
        return new Account(text(item, ID), text(item, "owner"), text(item, "email"),
                Money.of(new BigDecimal(item.get("balance").n()), text(item, "currency")),
                Long.parseLong(item.get("version").n()), Instant.parse(text(item, "createdAt")));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
