package dev.ferry.local.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A synthesized CDK app ({@code cdk.out}): its stacks in deployment order and the file assets they point
 * at. Nested assemblies (CDK stages) are read too; their stacks follow the enclosing assembly's.
 */
public record CloudAssembly(Path directory, List<StackArtifact> stacks, Map<String, Path> fileAssetsByObjectKey) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public CloudAssembly {
        stacks = List.copyOf(stacks);
        fileAssetsByObjectKey = Map.copyOf(fileAssetsByObjectKey);
    }

    /** Reads {@code directory/manifest.json}, every stack template and asset manifest it lists. */
    public static CloudAssembly read(Path directory) {
        Path manifest = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new TemplateException(directory.toAbsolutePath() + " is not a cloud assembly: it has no manifest.json."
                    + " Synthesize the CDK app first (cdk synth, or run the app with CDK_OUTDIR set).");
        }
        Map<String, StackArtifact> stacks = new LinkedHashMap<>();
        Map<String, Path> assets = new HashMap<>();
        List<StackArtifact> nested = new ArrayList<>();
        readInto(directory, stacks, assets, nested);
        List<StackArtifact> ordered = deploymentOrder(stacks);
        ordered.addAll(nested);
        return new CloudAssembly(directory, ordered, assets);
    }

    /** The stack with this stack name or artifact id. */
    public Optional<StackArtifact> stack(String name) {
        return stacks.stream().filter(s -> s.stackName().equals(name) || s.artifactId().equals(name)).findFirst();
    }

    private static void readInto(Path directory, Map<String, StackArtifact> stacks, Map<String, Path> assets,
                                 List<StackArtifact> nested) {
        JsonNode manifest = json(directory.resolve("manifest.json"));
        JsonNode artifacts = manifest.path("artifacts");
        for (var entry : artifacts.properties()) {
            String id = entry.getKey();
            JsonNode artifact = entry.getValue();
            JsonNode properties = artifact.path("properties");
            switch (artifact.path("type").asText()) {
                case "aws:cloudformation:stack" -> {
                    String templateName = properties.path("templateFile").asText(id + ".template.json");
                    Path templateFile = directory.resolve(templateName);
                    List<String> dependencies = new ArrayList<>();
                    artifact.path("dependencies").forEach(d -> dependencies.add(d.asText()));
                    stacks.put(id, new StackArtifact(id, properties.path("stackName").asText(id), directory,
                            templateFile, json(templateFile), dependencies));
                }
                case "cdk:asset-manifest" -> readAssets(directory, directory.resolve(properties.path("file").asText()), assets);
                case "cdk:cloud-assembly" -> {
                    Path inner = directory.resolve(properties.path("directoryName").asText());
                    Map<String, StackArtifact> innerStacks = new LinkedHashMap<>();
                    readInto(inner, innerStacks, assets, nested);
                    nested.addAll(deploymentOrder(innerStacks));
                }
                default -> {
                    // cdk:tree, metadata-only artifacts and others carry nothing to deploy.
                }
            }
        }
    }

    private static void readAssets(Path directory, Path assetManifest, Map<String, Path> assets) {
        JsonNode files = json(assetManifest).path("files");
        for (var entry : files.properties()) {
            JsonNode file = entry.getValue();
            Path source = directory.resolve(file.path("source").path("path").asText());
            file.path("destinations").forEach(destination -> {
                String key = destination.path("objectKey").asText("");
                if (!key.isEmpty()) {
                    assets.put(key, source);
                }
            });
        }
    }

    private static List<StackArtifact> deploymentOrder(Map<String, StackArtifact> stacks) {
        List<StackArtifact> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : stacks.keySet()) {
            visit(id, stacks, done, visiting, ordered);
        }
        return ordered;
    }

    private static void visit(String id, Map<String, StackArtifact> stacks, Set<String> done, Set<String> visiting,
                              List<StackArtifact> ordered) {
        StackArtifact stack = stacks.get(id);
        if (stack == null || done.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new TemplateException("Stacks depend on each other in a cycle: " + String.join(" -> ", visiting) + " -> " + id);
        }
        for (String dependency : stack.dependencies()) {
            visit(dependency, stacks, done, visiting, ordered);
        }
        visiting.remove(id);
        done.add(id);
        ordered.add(stack);
    }

    private static JsonNode json(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new TemplateException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
