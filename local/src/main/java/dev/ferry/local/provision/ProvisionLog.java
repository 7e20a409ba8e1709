package dev.ferry.local.provision;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Collects what provisioning did, for {@link ProvisionSummary}. */
final class ProvisionLog {

    private final List<ProvisionedResource> resources = new ArrayList<>();
    private final Map<String, List<String>> skipped = new TreeMap<>();
    private final Set<String> notes = new LinkedHashSet<>();

    void provisioned(Resource resource, String physicalId, boolean created) {
        resources.add(new ProvisionedResource(resource.stack().stackName(), resource.logicalId(), resource.type(),
                physicalId, created ? ProvisionedResource.Outcome.CREATED : ProvisionedResource.Outcome.REUSED));
    }

    void skipped(String type, String stackName, String logicalId) {
        skipped.computeIfAbsent(type, t -> new ArrayList<>()).add(stackName + "/" + logicalId);
    }

    void note(String note) {
        notes.add(note);
    }

    ProvisionSummary summary() {
        return new ProvisionSummary(resources, skipped, List.copyOf(notes));
    }
}
