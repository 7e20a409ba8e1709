package dev.ferry.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudAssemblyTest {

    private static Path fixture() throws Exception {
        return Path.of(CloudAssemblyTest.class.getResource("/provision/two-stacks/manifest.json").toURI()).getParent();
    }

    @Test
    void stacksComeInDependencyOrderWhateverTheManifestOrder() throws Exception {
        CloudAssembly assembly = CloudAssembly.read(fixture());
        assertThat(assembly.stacks()).extracting(StackArtifact::stackName).containsExactly("FerryData", "FerryApp");
        assertThat(assembly.stack("FerryApp").orElseThrow().dependencies()).contains("FerryData");
        assertThat(assembly.stack("FerryApp").orElseThrow().template().path("Resources").size()).isGreaterThan(10);
    }

    @Test
    void fileAssetsAreFoundByTheirS3ObjectKey() throws Exception {
        CloudAssembly assembly = CloudAssembly.read(fixture());
        String jar = "3f9a6c1e2b7d4f8a9c0e1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f";
        assertThat(assembly.fileAssetsByObjectKey().get(jar + ".jar")).isEqualTo(fixture().resolve("asset." + jar + ".jar"));
        assertThat(Files.isDirectory(assembly.fileAssetsByObjectKey()
                .get("4e564b7ad6ea4d7c3e1f9a2b8c0d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d.zip"))).isTrue();
    }

    @Test
    void stacksOfNestedAssembliesOfCdkStagesAreRead(@TempDir Path dir) throws Exception {
        Path inner = Files.createDirectories(dir.resolve("assembly-Prod"));
        Files.writeString(inner.resolve("Prod-Data.template.json"), "{\"Resources\": {}}");
        Files.writeString(inner.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"ProdData1234": {"type": "aws:cloudformation:stack",
                 "properties": {"templateFile": "Prod-Data.template.json", "stackName": "Prod-Data"}}}}""");
        Files.writeString(dir.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"assembly-Prod": {"type": "cdk:cloud-assembly",
                 "properties": {"directoryName": "assembly-Prod", "displayName": "Prod"}}}}""");
        CloudAssembly assembly = CloudAssembly.read(dir);
        assertThat(assembly.stacks()).singleElement().satisfies(stack -> {
            assertThat(stack.stackName()).isEqualTo("Prod-Data");
            assertThat(stack.artifactId()).isEqualTo("ProdData1234");
            assertThat(stack.directory()).isEqualTo(inner);
        });
    }

    @Test
    void cyclicStackDependenciesAreAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("A.template.json"), "{}");
        Files.writeString(dir.resolve("B.template.json"), "{}");
        Files.writeString(dir.resolve("manifest.json"), """
                {"artifacts": {"A": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "A.template.json"}, "dependencies": ["B"]},
                               "B": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "B.template.json"}, "dependencies": ["A"]}}}""");
        assertThatThrownBy(() -> CloudAssembly.read(dir)).isInstanceOf(TemplateException.class).hasMessageContaining("A -> B -> A");
    }
}
