package dev.ferry.local.dynamodb.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.model.Value;
import dev.ferry.local.dynamodb.model.ValueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a QueryFilter, ScanFilter, KeyConditions or Expected map, validated: an attribute, an
 * operator and its values (as given on the wire, so placeholders carry them unchanged).
 *
 * <p>The checks and their order are dynalite's, whose tests ran against live DynamoDB
 * (https://github.com/mhart/dynalite/blob/master/validations/index.js, validateConditions and
 * validateAttributeConditions): the values themselves, their count, one type for all, the operator's
 * types, then BETWEEN's bounds.
 */
record LegacyCondition(String attribute, Operator operator, List<JsonNode> wireValues) {

    LegacyCondition {
        wireValues = List.copyOf(wireValues);
    }

    /** A {@code Condition} (filters and key conditions): ComparisonOperator and AttributeValueList. */
    static LegacyCondition ofCondition(String parameter, String attribute, JsonNode condition) {
        Fields.entry(parameter, attribute, condition);
        // ShapeCheck has made sure the operator is there and is one of the enum's
        Operator operator = Operator.valueOf(Fields.text(condition, "ComparisonOperator").orElseThrow());
        List<JsonNode> values = new ArrayList<>();
        Fields.array(condition, "AttributeValueList").ifPresent(list -> list.forEach(values::add));
        return checked(attribute, operator, values);
    }

    /**
     * An {@code ExpectedAttributeValue}: either ComparisonOperator with AttributeValueList (or one Value),
     * or the older Value/Exists form, which is EQ, or NULL for Exists false.
     */
    static LegacyCondition ofExpected(String attribute, JsonNode expected) {
        Fields.entry("Expected", attribute, expected);
        boolean hasList = Fields.present(expected, "AttributeValueList");
        boolean hasValue = Fields.present(expected, "Value");
        if (hasList && hasValue) {
            throw Fields.invalidParameter("Value and AttributeValueList cannot be used together for Attribute: " + attribute);
        }
        if (Fields.present(expected, "ComparisonOperator")) {
            Operator operator = Operator.valueOf(Fields.text(expected, "ComparisonOperator").orElseThrow());
            if (Fields.present(expected, "Exists")) {
                throw Fields.invalidParameter("Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
            }
            if (operator != Operator.NULL && operator != Operator.NOT_NULL && !hasList && !hasValue) {
                throw Fields.invalidParameter("Value or AttributeValueList must be used with ComparisonOperator: "
                        + operator + " for Attribute: " + attribute);
            }
            List<JsonNode> values = new ArrayList<>();
            Fields.array(expected, "AttributeValueList").ifPresent(list -> list.forEach(values::add));
            if (hasValue) values.add(expected.get("Value"));
            return checked(attribute, operator, values);
        }
        if (hasList) {
            throw Fields.invalidParameter("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
        }
        // Exists defaults to true, and then a Value is needed; the message quotes Exists as given.
        Optional<Boolean> exists = Fields.bool(expected, "Exists");
        if (exists.orElse(true) && !hasValue) {
            throw Fields.invalidParameter("Value must be provided when Exists is " + exists.map(String::valueOf).orElse("null")
                    + " for Attribute: " + attribute);
        }
        if (!exists.orElse(true)) {
            if (hasValue) throw Fields.invalidParameter("Value cannot be used when Exists is false for Attribute: " + attribute);
            return new LegacyCondition(attribute, Operator.NULL, List.of());
        }
        ValueJson.decode(expected.get("Value"));
        return new LegacyCondition(attribute, Operator.EQ, List.of(expected.get("Value")));
    }

    private static LegacyCondition checked(String attribute, Operator operator, List<JsonNode> wire) {
        List<Value> values = wire.stream().map(ValueJson::decode).toList();
        if (!operator.takesValueCount(values.size())) {
            throw Fields.invalidParameter("Invalid number of argument(s) for the " + operator + " ComparisonOperator");
        }
        if (values.stream().map(Value::type).distinct().count() > 1) {
            throw Fields.invalidParameter("AttributeValues inside AttributeValueList must be of same type");
        }
        for (Value v : values) {
            if (!operator.takesType(v.type())) {
                throw Fields.invalidParameter("ComparisonOperator " + operator + " is not valid for " + v.type() + " AttributeValue type");
            }
        }
        if (operator == Operator.BETWEEN && Value.compare(values.get(0), values.get(1)) > 0) {
            throw ApiException.validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
        return new LegacyCondition(attribute, operator, wire);
    }

    /** This condition as an expression, its name and values turned into placeholders. */
    String expression(Placeholders placeholders) {
        String name = placeholders.name(attribute);
        List<String> values = wireValues.stream().map(placeholders::value).toList();
        return operator.expression(name, values);
    }
}
