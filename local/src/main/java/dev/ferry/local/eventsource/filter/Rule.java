package dev.ferry.local.eventsource.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** One rule of a filter pattern's rule array, tested against a single (non-array) event value. */
sealed interface Rule {

    boolean test(JsonNode value);

    record Exact(JsonNode expected) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            return same(expected, value);
        }
    }

    record Prefix(String prefix, boolean ignoreCase) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            return value.isTextual() && (ignoreCase
                    ? value.asText().regionMatches(true, 0, prefix, 0, prefix.length())
                    : value.asText().startsWith(prefix));
        }
    }

    record Suffix(String suffix, boolean ignoreCase) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            String s = value.asText();
            return value.isTextual() && s.length() >= suffix.length() && (ignoreCase
                    ? s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length())
                    : s.endsWith(suffix));
        }
    }

    record EqualsIgnoreCase(String expected) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            return value.isTextual() && value.asText().equalsIgnoreCase(expected);
        }
    }

    record AnythingBut(List<Rule> excluded) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            for (Rule r : excluded) {
                if (r.test(value)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Numeric(List<String> operators, List<BigDecimal> operands) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            if (!value.isNumber()) {
                return false;
            }
            BigDecimal v = value.decimalValue();
            for (int i = 0; i < operators.size(); i++) {
                int c = v.compareTo(operands.get(i));
                boolean ok = switch (operators.get(i)) {
                    case "=" -> c == 0;
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    record Exists(boolean exists) implements Rule {
        @Override
        public boolean test(JsonNode value) {
            return exists;
        }
    }

    private static boolean same(JsonNode expected, JsonNode value) {
        if (expected.isNull()) {
            return value.isNull();
        }
        if (expected.isNumber()) {
            return value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        if (expected.isBoolean()) {
            return value.isBoolean() && expected.booleanValue() == value.booleanValue();
        }
        return value.isTextual() && value.asText().equals(expected.asText());
    }

    static Rule parse(JsonNode r, String where) {
        if (r.isValueNode()) {
            return new Exact(r);
        }
        if (!r.isObject() || r.size() != 1) {
            throw new IllegalArgumentException("filter rule at " + where + " must be a value or an object with one"
                    + " operator (prefix, suffix, anything-but, numeric, exists, equals-ignore-case), found " + r);
        }
        String op = r.fieldNames().next();
        JsonNode arg = r.get(op);
        return switch (op) {
            case "prefix" -> arg.isTextual() ? new Prefix(arg.asText(), false)
                    : arg.isObject() && arg.has("equals-ignore-case") ? new Prefix(arg.get("equals-ignore-case").asText(), true)
                    : bad(where, op, "a string");
            case "suffix" -> arg.isTextual() ? new Suffix(arg.asText(), false)
                    : arg.isObject() && arg.has("equals-ignore-case") ? new Suffix(arg.get("equals-ignore-case").asText(), true)
                    : bad(where, op, "a string");
            case "equals-ignore-case" -> arg.isTextual() ? new EqualsIgnoreCase(arg.asText()) : bad(where, op, "a string");
            case "exists" -> arg.isBoolean() ? new Exists(arg.asBoolean()) : bad(where, op, "true or false");
            case "anything-but" -> anythingBut(arg, where);
            case "numeric" -> numeric(arg, where);
            default -> throw new IllegalArgumentException("unknown filter operator \"" + op + "\" at " + where
                    + ": use prefix, suffix, anything-but, numeric, exists or equals-ignore-case");
        };
    }

    private static Rule anythingBut(JsonNode arg, String where) {
        List<Rule> excluded = new ArrayList<>();
        if (arg.isArray()) {
            for (JsonNode v : arg) {
                if (!v.isValueNode()) {
                    return bad(where, "anything-but", "values");
                }
                excluded.add(new Exact(v));
            }
        } else if (arg.isValueNode()) {
            excluded.add(new Exact(arg));
        } else if (arg.isObject() && arg.size() == 1 && (arg.has("prefix") || arg.has("suffix") || arg.has("equals-ignore-case"))) {
            Rule inner = parse(arg, where);
            if (inner instanceof EqualsIgnoreCase || inner instanceof Prefix || inner instanceof Suffix) {
                excluded.add(inner);
            }
        } else {
            return bad(where, "anything-but", "a value, an array of values or {\"prefix\"|\"suffix\": ...}");
        }
        return new AnythingBut(excluded);
    }

    private static Rule numeric(JsonNode arg, String where) {
        if (!arg.isArray() || arg.isEmpty() || arg.size() % 2 != 0 || arg.size() > 4) {
            return bad(where, "numeric", "[op, number] or [op, number, op, number]");
        }
        List<String> ops = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < arg.size(); i += 2) {
            String op = arg.get(i).asText();
            if (!List.of("=", "<", "<=", ">", ">=").contains(op) || !arg.get(i + 1).isNumber()) {
                return bad(where, "numeric", "operators =, <, <=, >, >= each followed by a number");
            }
            ops.add(op);
            values.add(arg.get(i + 1).decimalValue());
        }
        return new Numeric(ops, values);
    }

    private static Rule bad(String where, String op, String expected) {
        throw new IllegalArgumentException("\"" + op + "\" at " + where + " expects " + expected);
    }
}
