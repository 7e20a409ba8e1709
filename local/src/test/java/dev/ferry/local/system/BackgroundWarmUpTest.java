package dev.ferry.local.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalSystem.Options#warmingUpInBackground()}, as {@code ferry up} starts: the start returns once the runtime
 * serves, the warm-up reports init errors afterwards, and a function whose code is missing still fails the start.
 * The two-stack assembly's functions point at an empty jar: none of them can initialise.
 */
class BackgroundWarmUpTest {
    private static final String JAR = "asset.3f9a6c1e2b7d4f8a9c0e1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f.jar";

    @TempDir
    Path assembly;

    private void copyTwoStacks() throws Exception {
        Path fixture = Path.of(BackgroundWarmUpTest.class.getResource("/provision/two-stacks/manifest.json").toURI()).getParent();
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.toList()) {
                Path target = assembly.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }

    @Test
    void theStartReturnsBeforeTheWarmUpWhichReportsTheFunctionsThatFailedToInitialise() throws Exception {
        copyTwoStacks();

        try (LocalSystem system = LocalSystem.start(LocalSystem.Options.of(assembly).warmingUpInBackground())) {
            assertThat(system.startupPhases().warmUpInBackground()).isTrue();
            assertThat(system.startupPhases().toString()).endsWith("; warm-up in the background");
            assertThat(system.runtime().functionStats()).as("nothing warmed before warmUp()").allSatisfy(f -> assertThat(f.coldStarts()).isZero());

            LocalSystem.WarmUp warm = system.warmUp().get(60, TimeUnit.SECONDS);

            assertThat(system.warmUp()).as("begun once").isCompleted();

            assertThat(warm.initErrors()).hasSize(system.deployment().functions().size()).isNotEmpty();
            assertThat(warm.initErrors().values()).allSatisfy(error -> assertThat(error).startsWith("java.lang.ClassNotFoundException"));
        }
    }

    @Test
    void aFunctionWhoseCodeIsMissingStillFailsTheStart() throws Exception {
        copyTwoStacks();
        Files.delete(assembly.resolve(JAR));

        // Provisioning checks every function's asset: `ready` still means that the code of every function is there.
        assertThatThrownBy(() -> LocalSystem.start(LocalSystem.Options.of(assembly).warmingUpInBackground()).close())
                .isInstanceOf(dev.ferry.local.provision.ProvisioningException.class)
                .hasMessageContaining("its code asset " + assembly.resolve(JAR) + " is missing");
    }

    @Test
    void withoutItTheStartWarmsEveryFunctionFirstAndFailsOnAnInitError() throws Exception {
        copyTwoStacks();

        assertThatThrownBy(() -> LocalSystem.start(LocalSystem.Options.of(assembly)).close())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("functions failed to initialise: ")
                .hasMessageContaining("ClassNotFoundException");
    }
}
