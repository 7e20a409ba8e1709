package dev.ferry.e2e;

/** Text as a failure report shows it: control and invisible characters escaped, long text cut. */
final class Shown {

    private Shown() {
    }

    static String text(String text, int max) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x200B || c == 0x2028 || c == 0xFEFF) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        long length = text.codePoints().count();
        if (length > max) {
            out.append("... (").append(length).append(" characters)");
        }
        return out.toString();
    }
}
