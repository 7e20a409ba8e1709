package dev.ferry.functions.payments;

import dev.ferry.functions.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Accounts in the {@code accounts} table (key {@code id}), beside the records that make payments and
 * deposits happen once for good: {@code payment#<order id>} and {@code deposit#<deposit id>}; {@code kind}
 * tells them apart. Balances are DynamoDB numbers: exact decimals.
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

    /** The ledger entry of an applied deposit, written once and kept for good, like a payment decision. */
    public TransactWriteItem recordDeposit(String depositId, Account after, Money amount, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, AttributeValue.fromS(DEPOSIT_PREFIX + depositId));
        item.put(KIND, AttributeValue.fromS(KIND_DEPOSIT));
        item.put("depositId", AttributeValue.fromS(depositId));
        item.put("accountId", AttributeValue.fromS(after.id()));
        item.put("amount", AttributeValue.fromN(amount.text()));
        item.put("currency", AttributeValue.fromS(amount.currencyCode()));
        item.put("balanceAfter", AttributeValue.fromN(after.balance().text()));
        item.put("appliedAt", AttributeValue.fromS(at.toString()));
        return once(item);
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
