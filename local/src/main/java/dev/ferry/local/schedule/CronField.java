package dev.ferry.local.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The values one cron field allows, from a comma-separated list of {@code *}, {@code n}, {@code a-b} and
 * {@code base/step}. A range whose start is above its end wraps around (hours {@code 20-2} are 20..23 and
 * 0..2), as in EventBridge's own example {@code cron(0/30 20-2 ? * MON-FRI *)}.
 */
record CronField(Kind kind, BitSet values) {

    /** The plain fields and their bounds; month and day-of-week names map to 1-12 and 1-7 (SUN = 1). */
    enum Kind {
        MINUTES("Minutes", 0, 59, List.of()),
        HOURS("Hours", 0, 23, List.of()),
        DAY_OF_MONTH("Day-of-month", 1, 31, List.of()),
        MONTH("Month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
        DAY_OF_WEEK("Day-of-week", 1, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
        YEAR("Year", 1970, 2199, List.of());

        final String label;
        final int min;
        final int max;
        final List<String> names;

        Kind(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }

        /** A number or (for months and days of the week) a name, checked against the bounds. */
        int value(String token, String expression) {
            int index = names.indexOf(token.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                return min + index;
            }
            int v;
            try {
                v = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new InvalidScheduleExpressionException(expression, label + " value '" + token + "' is not "
                        + (names.isEmpty() ? "a number" : "a number or one of " + names.getFirst() + "-" + names.getLast()));
            }
            if (v < min || v > max) {
                throw new InvalidScheduleExpressionException(expression, label + " value " + v + " is outside " + min + "-" + max);
            }
            return v;
        }
    }

    static CronField parse(Kind kind, String text, String expression) {
        BitSet values = new BitSet(kind.max + 1);
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw new InvalidScheduleExpressionException(expression, kind.label + " field '" + text + "' has an empty list item");
            }
            addItem(kind, item, values, expression);
        }
        return new CronField(kind, values);
    }

    static CronField all(Kind kind) {
        BitSet values = new BitSet(kind.max + 1);
        values.set(kind.min, kind.max + 1);
        return new CronField(kind, values);
    }

    private static void addItem(Kind kind, String item, BitSet values, String expression) {
        String base = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            String stepText = item.substring(slash + 1);
            try {
                step = Integer.parseInt(stepText);
            } catch (NumberFormatException e) {
                throw new InvalidScheduleExpressionException(expression, kind.label + " increment '" + stepText + "' in '" + item + "' is not a number");
            }
            if (step < 1) {
                throw new InvalidScheduleExpressionException(expression, kind.label + " increment in '" + item + "' must be at least 1");
            }
        }
        int start;
        int end;
        if (base.equals("*")) {
            start = kind.min;
            end = kind.max;
        } else if (base.indexOf('-') > 0) {
            int dash = base.indexOf('-');
            start = kind.value(base.substring(0, dash), expression);
            end = kind.value(base.substring(dash + 1), expression);
        } else {
            start = kind.value(base, expression);
            // "5/15" runs from 5 to the end of the field; a bare "5" is that value alone.
            end = slash >= 0 ? kind.max : start;
        }
        int span = kind.max - kind.min + 1;
        int length = (end - start + span) % span;
        for (int offset = 0; offset <= length; offset += step) {
            values.set(kind.min + (start - kind.min + offset) % span);
        }
    }

    boolean contains(int value) {
        return values.get(value);
    }

    /** The smallest allowed value at or above {@code from}, or -1. */
    int next(int from) {
        int v = values.nextSetBit(Math.max(from, kind.min));
        return v < 0 || v > kind.max ? -1 : v;
    }
}
