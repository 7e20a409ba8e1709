package dev.ferry.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who sent a request, as far as idempotency keys are concerned: two callers that pick the same
 * {@code Idempotency-Key} must never meet (the IETF httpapi draft scopes keys to the client).
 *
 * <p>In AWS, API Gateway's IAM authorisation puts the signer in {@code requestContext.identity}: an IAM
 * user's ARN, or an assumed role's session ARN, which is reduced to the role (a client that assumes its
 * role again between two retries is still the same client). Locally, Ferry's API front fills the same
 * fields from the access key id of a SigV4-signed request (signatures are not checked); an unsigned
 * request is {@link #anonymous()}, a scope shared by every unsigned client.
 *
 * @param id a stable identity: an IAM principal ARN, a Cognito identity id, or {@code anonymous}
 */
public record Caller(String id) {

    private static final Pattern ASSUMED_ROLE = Pattern.compile("^arn:(aws[a-z-]*):sts::(\\d+):assumed-role/([^/]+)/.+$");
    private static final String ANONYMOUS = "anonymous";

    public Caller {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a caller id must be non-blank; use Caller.anonymous() for unauthenticated requests");
        }
    }

    public static Caller anonymous() {
        return new Caller(ANONYMOUS);
    }

    public boolean isAnonymous() {
        return ANONYMOUS.equals(id);
    }

    /**
     * The caller of an API Gateway request from its {@code requestContext.identity} fields: the user ARN
     * (assumed-role sessions reduced to their role), else the Cognito identity, else the access key, else
     * anonymous.
     */
    public static Caller fromIdentity(Optional<String> userArn, Optional<String> cognitoIdentityId, Optional<String> accessKey) {
        Optional<String> principal = userArn.filter(s -> !s.isBlank()).map(Caller::withoutSession)
                .or(() -> cognitoIdentityId.filter(s -> !s.isBlank()).map(id -> "cognito:" + id))
                .or(() -> accessKey.filter(s -> !s.isBlank()).map(key -> "accesskey:" + key));
        return principal.map(Caller::new).orElseGet(Caller::anonymous);
    }

    private static String withoutSession(String arn) {
        Matcher m = ASSUMED_ROLE.matcher(arn);
        return m.matches() ? "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3) : arn;
    }
}
