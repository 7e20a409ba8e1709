package dev.ferry.local.provision;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What provisioning did: the data-plane resources created or reused, the resources with no local meaning
 * skipped (grouped by type, each as {@code Stack/LogicalId}), and notes on settings not applied locally.
 */
public record ProvisionSummary(List<ProvisionedResource> resources, Map<String, List<String>> skipped, List<String> notes) {

    public ProvisionSummary {
        resources = List.copyOf(resources);
        skipped = Map.copyOf(new TreeMap<>(skipped));
        notes = List.copyOf(notes);
    }

    /** A few lines for a console: counts by type, then the skipped types once each. */
    public String render() {
        StringBuilder out = new StringBuilder();
        Map<String, int[]> byType = new TreeMap<>();
        for (ProvisionedResource resource : resources) {
            int[] counts = byType.computeIfAbsent(resource.type(), t -> new int[2]);
            counts[resource.outcome() == ProvisionedResource.Outcome.CREATED ? 0 : 1]++;
        }
        byType.forEach((type, counts) -> out.append(String.format("  %-36s %d created, %d reused%n", type, counts[0], counts[1])));
        new TreeMap<>(skipped).forEach((type, ids) -> out.append(String.format("  %-36s %d skipped (no local meaning)%n", type, ids.size())));
        notes.forEach(note -> out.append("  note: ").append(note).append(System.lineSeparator()));
        return out.toString();
    }
}
