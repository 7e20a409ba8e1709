package dev.ferry.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an AWS client needs, read from an environment map rather than {@code System.getenv()} so
 * several functions with different environments can share one JVM (the local cloud does exactly that).
 *
 * <ul>
 *   <li>region: {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}; required.</li>
 *   <li>credentials: static when {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (and optionally
 *       {@code AWS_SESSION_TOKEN}) are in the map, which is how Lambda passes its role's credentials; else the
 *       SDK's default chain.</li>
 *   <li>endpoint: {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g. {@code AWS_ENDPOINT_URL_DYNAMODB}), else
 *       {@code AWS_ENDPOINT_URL}, else the AWS default.</li>
 * </ul>
 */
public record ClientSettings(String region, Optional<StaticKeys> keys, Map<String, URI> endpoints, Optional<URI> defaultEndpoint) {

    /** Service ids as used in {@code AWS_ENDPOINT_URL_<SERVICE>}. */
    public enum Service {
        DYNAMODB, SNS, SQS, KINESIS
    }

    public record StaticKeys(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    }

    public static ClientSettings fromEnvironment(Map<String, String> env) {
        String region = nonBlank(env.get("AWS_REGION")).or(() -> nonBlank(env.get("AWS_DEFAULT_REGION")))
                .orElseThrow(() -> new IllegalArgumentException("no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION) in the environment"));
        Optional<StaticKeys> keys = Optional.empty();
        Optional<String> accessKey = nonBlank(env.get("AWS_ACCESS_KEY_ID"));
        Optional<String> secret = nonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
        if (accessKey.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
        }
        if (accessKey.isPresent()) {
            keys = Optional.of(new StaticKeys(accessKey.get(), secret.get(), nonBlank(env.get("AWS_SESSION_TOKEN"))));
        }
        Map<String, URI> endpoints = new java.util.HashMap<>();
        for (Service service : Service.values()) {
            String name = "AWS_ENDPOINT_URL_" + service.name();
            nonBlank(env.get(name)).ifPresent(url -> endpoints.put(service.name(), uri(name, url)));
        }
        Optional<URI> fallback = nonBlank(env.get("AWS_ENDPOINT_URL")).map(url -> uri("AWS_ENDPOINT_URL", url));
        return new ClientSettings(region, keys, Map.copyOf(endpoints), fallback);
    }

    public Optional<URI> endpoint(Service service) {
        return Optional.ofNullable(endpoints.get(service.name().toUpperCase(Locale.ROOT))).or(() -> defaultEndpoint);
    }

    private static URI uri(String variable, String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not an absolute URL such as http://127.0.0.1:4566");
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
