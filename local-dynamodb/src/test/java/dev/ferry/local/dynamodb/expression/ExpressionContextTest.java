package dev.ferry.local.dynamodb.expression;

import static dev.ferry.local.dynamodb.expression.TestValues.failsWith;
import static dev.ferry.local.dynamodb.expression.TestValues.item;
import static dev.ferry.local.dynamodb.expression.TestValues.n;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ferry.local.dynamodb.model.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpressionContextTest {

    @Test
    void everyPlaceholderUsedByOneOfTheRequestsExpressionsPasses() {
        var context = new ExpressionContext(Map.of("#k", "pk", "#n", "name"), Map.of(":v", n(1), ":w", n(2)));
        Expressions.parseCondition("#k = :v", context);
        Expressions.parseProjection("#n", context);
        Expressions.parseUpdate("SET a = :w", context);

        assertThatCode(context::requireAllUsed).doesNotThrowAnyException();
    }

    @Test
    void anUnusedNameIsRejectedListingIt() {
        var context = new ExpressionContext(Map.of("#a", "a", "#unused", "b"), Map.of());
        Expressions.parseProjection("#a", context);

        failsWith(context::requireAllUsed, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
    }

    @Test
    void anUnusedValueIsRejectedListingIt() {
        var context = new ExpressionContext(Map.of(), Map.of(":used", n(1), ":spare", n(2)));
        Expressions.parseCondition("a = :used", context);

        failsWith(context::requireAllUsed, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:spare}");
    }

    @Test
    void severalUnusedValuesAreAllListed() {
        Map<String, Value> values = new LinkedHashMap<>();
        values.put(":x", n(1));
        values.put(":y", n(2));
        var context = new ExpressionContext(Map.of(), values);

        failsWith(context::requireAllUsed, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x, :y}");
    }

    @Test
    void unusedNamesAreReportedBeforeUnusedValues() {
        var context = new ExpressionContext(Map.of("#a", "a"), Map.of(":v", n(1)));

        failsWith(context::requireAllUsed, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}");
    }

    @Test
    void anEmptyContextNeedsNothing() {
        assertThatCode(ExpressionContext.empty()::requireAllUsed).doesNotThrowAnyException();
        assertThat(ExpressionContext.empty().hasPlaceholders()).isFalse();
    }

    @Test
    void anExplicitlyEmptyValuesMapIsRejected() {
        failsWith(() -> ExpressionContext.fromRequest(Optional.empty(), Optional.of(Map.of())),
                "ExpressionAttributeValues must not be empty");
    }

    @Test
    void anExplicitlyEmptyNamesMapIsRejected() {
        failsWith(() -> ExpressionContext.fromRequest(Optional.of(Map.of()), Optional.empty()),
                "ExpressionAttributeNames must not be empty");
    }

    @Test
    void aNameKeyWithoutHashIsASyntaxError() {
        failsWith(() -> ExpressionContext.fromRequest(Optional.of(Map.of("a", "b")), Optional.empty()),
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
    }

    @Test
    void aValueKeyWithoutColonIsASyntaxError() {
        failsWith(() -> ExpressionContext.fromRequest(Optional.empty(), Optional.of(Map.of("v", n(1)))),
                "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
    }

    @Test
    void absentMapsMakeAnEmptyContext() {
        var context = ExpressionContext.fromRequest(Optional.empty(), Optional.empty());

        assertThat(context.hasPlaceholders()).isFalse();
        assertThat(Expressions.parseCondition("attribute_exists(a)", context).test(item("a", n(1)))).isTrue();
    }
}
