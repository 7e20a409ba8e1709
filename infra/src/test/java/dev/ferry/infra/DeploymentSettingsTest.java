package dev.ferry.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.RemovalPolicy;

class DeploymentSettingsTest {

    @Test
    void aMissingFunctionsJarFailsWithTheCommandThatBuildsIt() {
        App app = TestApps.newApp(Map.of(DeploymentSettings.FUNCTIONS_JAR_CONTEXT_KEY, "/nonexistent/ferry-functions.jar"));
        assertThatThrownBy(() -> DeploymentSettings.fromContext(app.getNode()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/ferry-functions.jar does not exist")
                .hasMessageContaining("build the functions first: ./mvnw -pl functions -am package");
    }

    @Test
    void aRelativeJarPathIsResolvedAgainstTheRepositoryRoot() {
        App app = TestApps.newApp(Map.of(DeploymentSettings.FUNCTIONS_JAR_CONTEXT_KEY, "functions/target/none.jar"));
        Path root = DeploymentSettings.repositoryRoot(Path.of("").toAbsolutePath());
        assertThat(root.resolve("cdk.json")).exists();
        assertThatThrownBy(() -> DeploymentSettings.fromContext(app.getNode()))
                .hasMessageContaining(root.resolve("functions/target/none.jar").toString());
    }

    @Test
    void theStageDefaultsToDevAndDecidesTheRemovalPolicy() {
        DeploymentSettings dev = DeploymentSettings.fromContext(TestApps.newApp(Map.of()).getNode());
        assertThat(dev.stage()).isEqualTo("dev");
        assertThat(dev.removalPolicy()).isEqualTo(RemovalPolicy.DESTROY);
        assertThat(dev.name("orders")).isEqualTo("dev-orders");
        DeploymentSettings prod = DeploymentSettings.fromContext(TestApps.newApp(Map.of("stage", "prod")).getNode());
        assertThat(prod.removalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
        assertThat(prod.stackName("data")).isEqualTo("prod-ferry-data");
    }

    @Test
    void anAlarmEmailThatIsNoAddressIsRejected() {
        App app = TestApps.newApp(Map.of(DeploymentSettings.ALARM_EMAIL_CONTEXT_KEY, "ops at example"));
        assertThatThrownBy(() -> DeploymentSettings.fromContext(app.getNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alarmEmail 'ops at example' is not an email address");
        assertThat(DeploymentSettings.fromContext(TestApps.newApp(Map.of()).getNode()).alarmEmail()).isEmpty();
    }

    @Test
    void aStageNameThatCannotPrefixResourceNamesIsRejected() {
        assertThatThrownBy(() -> new DeploymentSettings("Prod_1", TestApps.functionsJar()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage 'Prod_1' is not a valid stage name");
    }
}
