package dev.ferry.local.system;

import dev.ferry.local.provision.ExistingResources;
import java.net.URI;
import java.util.List;

/**
 * The external endpoint already holds resources with the names the app gives its own, and the options asked not to
 * share them ({@link LocalSystem.Options#refusingExistingResources()}). Nothing was created.
 */
public final class EndpointNotEmptyException extends IllegalStateException {
    private final URI endpoint;
    private final List<ExistingResources.Found> found;

    public EndpointNotEmptyException(URI endpoint, List<ExistingResources.Found> found) {
        super(endpoint + " already holds " + found.size() + " of the app's resources (" + sample(found) + ")");
        this.endpoint = endpoint;
        this.found = List.copyOf(found);
    }

    public URI endpoint() {
        return endpoint;
    }

    public List<ExistingResources.Found> found() {
        return found;
    }

    private static String sample(List<ExistingResources.Found> found) {
        List<String> names = found.stream().limit(4).map(ExistingResources.Found::toString).toList();
        return String.join(", ", names) + (found.size() > 4 ? " and " + (found.size() - 4) + " more" : "");
    }
}
