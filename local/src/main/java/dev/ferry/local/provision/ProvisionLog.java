package dev.ferry.local.provision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects what provisioning did, for {@link ProvisionSummary}; stacks provisioned at the same time write to it
 * together, and the summary lists them in the assembly's order.
 */
final class ProvisionLog {

    private final List<ProvisionedResource> resources = new ArrayList<>();
    private final Map<String, List<String>> skipped = new TreeMap<>();
    private final Set<String> notes = new LinkedHashSet<>();

    synchronized void provisioned(Resource resource, String physicalId, boolean created) {
        resources.add(new ProvisionedResource(resource.stack().stackName(), resource.logicalId(), resource.type(),
                physicalId, created ? ProvisionedResource.Outcome.CREATED : ProvisionedResource.Outcome.REUSED));
    }

    synchronized void skipped(String type, String stackName, String logicalId) {
        skipped.computeIfAbsent(type, t -> new ArrayList<>()).add(stackName + "/" + logicalId);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    /** @param stackOrder the stacks' names in the assembly's order: each one's resources come in the order it made them */
    synchronized ProvisionSummary summary(List<String> stackOrder) {
        Comparator<String> byStack = Comparator.comparingInt(stackOrder::indexOf);
        List<ProvisionedResource> ordered = new ArrayList<>(resources);
        ordered.sort(Comparator.comparing(ProvisionedResource::stackName, byStack)); // stable: a stack's own order stays
        Map<String, List<String>> skippedInOrder = new TreeMap<>();
        skipped.forEach((type, ids) -> {
            List<String> sorted = new ArrayList<>(ids);
            sorted.sort(Comparator.comparing(id -> id.substring(0, Math.max(0, id.indexOf('/'))), byStack));
            skippedInOrder.put(type, sorted);
        });
        return new ProvisionSummary(ordered, skippedInOrder, List.copyOf(notes));
    }
}
