package dev.ferry.local.lambda.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code FunctionName} of a Lambda API request, in any of the forms Lambda accepts: a name
 * ({@code my-function}, {@code my-function:v1}), a function ARN
 * ({@code arn:aws:lambda:us-west-2:123456789012:function:my-function[:qualifier]}) or a partial ARN
 * ({@code 123456789012:function:my-function[:qualifier]}), as the Invoke API reference lists them
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax).
 *
 * @param name      the function's name
 * @param account   the account the ARN forms name; empty for a plain name
 * @param region    the region a full ARN names; empty otherwise
 * @param qualifier the version or alias appended to the name, if any
 */
record FunctionReference(String name, Optional<String> account, Optional<String> region, Optional<String> qualifier) {

    private static final String NAME = "([a-zA-Z0-9-_]{1,140})";
    private static final String QUALIFIER = "(?::(\\$LATEST|[a-zA-Z0-9-_]{1,128}))?";
    private static final Pattern FULL_ARN = Pattern.compile(
            "arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\\d):(\\d{12}):function:" + NAME + QUALIFIER);
    private static final Pattern PARTIAL_ARN = Pattern.compile("(\\d{12}):function:" + NAME + QUALIFIER);
    private static final Pattern PLAIN = Pattern.compile(NAME + QUALIFIER);

    /** Parses the path parameter; empty when it has none of the three forms. */
    static Optional<FunctionReference> parse(String functionName) {
        Matcher m = FULL_ARN.matcher(functionName);
        if (m.matches()) {
            return Optional.of(new FunctionReference(m.group(3), Optional.of(m.group(2)), Optional.of(m.group(1)),
                    Optional.ofNullable(m.group(4))));
        }
        m = PARTIAL_ARN.matcher(functionName);
        if (m.matches()) {
            return Optional.of(new FunctionReference(m.group(2), Optional.of(m.group(1)), Optional.empty(),
                    Optional.ofNullable(m.group(3))));
        }
        m = PLAIN.matcher(functionName);
        if (m.matches() && m.group(1).length() <= 64) {
            return Optional.of(new FunctionReference(m.group(1), Optional.empty(), Optional.empty(), Optional.ofNullable(m.group(2))));
        }
        return Optional.empty();
    }

    /**
     * Whether this reference names the function whose unqualified ARN is {@code functionArn}: same name, and the
     * same account and region where the reference gives them.
     */
    boolean refersTo(String functionArn) {
        String[] parts = functionArn.split(":");
        if (parts.length < 7 || !parts[6].equals(name)) return false;
        return account.map(a -> a.equals(parts[4])).orElse(true) && region.map(r -> r.equals(parts[3])).orElse(true);
    }
}
