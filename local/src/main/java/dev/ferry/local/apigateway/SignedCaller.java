package dev.ferry.local.apigateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stand-in for API Gateway's IAM authorisation: the caller of a request is the access key id in
 * its SigV4 {@code Authorization} header. The signature is not checked (any credentials are accepted, as
 * everywhere in the local cloud); the identity is what keeps one client's idempotency keys apart from
 * another's. In AWS the same fields hold the signer's real account and principal ARN.
 */
record SignedCaller(String accessKeyId) {

    private static final Pattern CREDENTIAL = Pattern.compile("^AWS4-HMAC-SHA256\\s+.*?Credential=([A-Za-z0-9]{1,128})/");
    static final String LOCAL_ACCOUNT = "000000000000";

    /** The caller of a request whose Authorization header is {@code authorization}, if it is SigV4-signed. */
    static Optional<SignedCaller> of(Optional<String> authorization) {
        return authorization.map(String::strip).map(CREDENTIAL::matcher).filter(Matcher::find)
                .map(m -> new SignedCaller(m.group(1)));
    }

    /** The principal ARN the local cloud gives this caller: a user named after its access key id. */
    String userArn() {
        return "arn:aws:iam::" + LOCAL_ACCOUNT + ":user/" + accessKeyId;
    }
}
