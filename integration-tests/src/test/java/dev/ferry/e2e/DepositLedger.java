package dev.ferry.e2e;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deposits applied to an account, as the deposit worker records them for good in the accounts table
 * (docs/architecture.md: {@code deposit#<deposit id>} items, written in one transaction with the balance).
 */
final class DepositLedger {

    private final FerrySystem ferry;

    DepositLedger(FerrySystem ferry) {
        this.ferry = ferry;
    }

    /** The applied deposits of {@code accountId}: deposit id to amount. */
    Map<String, BigDecimal> applied(String accountId) {
        Map<String, BigDecimal> applied = new LinkedHashMap<>();
        ferry.dynamoDb().scanPaginator(r -> r.tableName(ferry.name("accounts")).consistentRead(true)
                        .filterExpression("kind = :deposit AND accountId = :account")
                        .expressionAttributeValues(Map.of(":deposit", AttributeValue.fromS("deposit"), ":account", AttributeValue.fromS(accountId))))
                .items().forEach(item -> applied.put(item.get("depositId").s(), new BigDecimal(item.get("amount").n())));
        return applied;
    }
}
