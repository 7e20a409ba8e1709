package dev.ferry.local.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.faults.FaultPlan;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSystemFaultsTest {

    @Test
    void dynamoDbFaultsAgainstAnExternalEndpointAreRefusedBeforeAnythingStarts(@TempDir Path assembly) throws Exception {
        Files.writeString(assembly.resolve("manifest.json"), "{}");
        LocalSystem.Options options = LocalSystem.Options.of(assembly)
                .withExternalEndpoint(URI.create("http://127.0.0.1:4566"))
                .withFaults(FaultPlan.parse("duplicate:0.1,ddb-throttle:0.1"));

        assertThatThrownBy(() -> LocalSystem.start(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ddb-throttle:0.1").hasMessageContaining("embedded DynamoDB");
    }
}
