package dev.ferry.local.provision;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where each AWS service is reached, read from an environment map as the AWS SDKs read it:
 * {@code AWS_ENDPOINT_URL_<SERVICE>} first, then {@code AWS_ENDPOINT_URL} (e.g. one LocalStack endpoint).
 */
record Endpoints(Map<String, String> environment) {

    Endpoints {
        environment = Map.copyOf(environment);
    }

    Optional<URI> of(String serviceId) {
        String specific = environment.get("AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT));
        String value = specific != null && !specific.isBlank() ? specific : environment.get("AWS_ENDPOINT_URL");
        return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(URI::create);
    }

    URI require(String serviceId, String forWhat) {
        return of(serviceId).orElseThrow(() -> new ProvisioningException("No endpoint for " + serviceId + " to create "
                + forWhat + ": set AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT)
                + " or AWS_ENDPOINT_URL (start the local data plane, or point at e.g. LocalStack)"));
    }

    String region() {
        String region = environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
        return region == null || region.isBlank() ? "us-east-1" : region;
    }
}
