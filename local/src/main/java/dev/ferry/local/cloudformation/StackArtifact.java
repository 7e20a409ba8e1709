package dev.ferry.local.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code aws:cloudformation:stack} artifact of a cloud assembly.
 *
 * @param artifactId   the artifact's id in {@code manifest.json}
 * @param stackName    the CloudFormation stack name (the artifact's {@code stackName} property, else its id)
 * @param directory    the assembly directory that holds the template and the assets it points at
 * @param templateFile the template, inside {@code directory}
 * @param template     the parsed template
 * @param dependencies ids of the stack artifacts this one depends on
 */
public record StackArtifact(String artifactId, String stackName, Path directory, Path templateFile,
                            JsonNode template, List<String> dependencies) {
    public StackArtifact {
        dependencies = List.copyOf(dependencies);
    }
}
