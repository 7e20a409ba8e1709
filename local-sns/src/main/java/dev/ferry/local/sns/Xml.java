package dev.ferry.local.sns;

/** A minimal writer for SNS's XML responses. */
final class Xml {
    static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private final StringBuilder out = new StringBuilder(256);

    Xml open(String element) {
        out.append('<').append(element).append('>');
        return this;
    }

    Xml openRoot(String element) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(element)
                .append(" xmlns=\"").append(NAMESPACE).append("\">");
        return this;
    }

    Xml close(String element) {
        out.append("</").append(element).append('>');
        return this;
    }

    /** Appends already rendered XML. */
    Xml raw(Xml fragment) {
        out.append(fragment.out);
        return this;
    }

    Xml element(String element, String text) {
        return open(element).text(text).close(element);
    }

    Xml text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
