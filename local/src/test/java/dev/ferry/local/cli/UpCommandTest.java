package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry up}'s options; starting the whole system is the end-to-end module's job. */
class UpCommandTest {
    @TempDir
    Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private UpCommand up(Map<String, String> env) {
        return new UpCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new CountDownLatch(1), Instance.defaultOf(home), env);
    }

    @Test
    void defaultsAreTheEmbeddedCloudFreePortsNoFaultsAndTheCheckoutsCdkOut() {
        UpCommand.Options options = up(Map.of()).parse(List.of());

        assertThat(options).isEqualTo(new UpCommand.Options(false, 0, Optional.empty(), Optional.empty(), home.resolve("cdk.out"), false, false));
    }

    @Test
    void endpointAndFaultsComeFromTheEnvironmentAndOptionsWin() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://localhost:4566", "FERRY_FAULTS", "duplicate:1");

        assertThat(up(env).parse(List.of()).endpoint()).contains(URI.create("http://localhost:4566"));
        assertThat(up(env).parse(List.of()).faults()).contains("duplicate:1");
        UpCommand.Options explicit = up(env).parse(List.of("--endpoint", "http://127.0.0.1:9999", "--faults", "throttle:0.1,seed:7"));
        assertThat(explicit.endpoint()).contains(URI.create("http://127.0.0.1:9999"));
        assertThat(explicit.faults()).contains("throttle:0.1,seed:7");
        assertThat(up(Map.of("FERRY_FAULTS", "outage:sns|kinesis,outage-functions:dev-OutboxRelay,outage-after:20s,outage-for:1m"))
                .parse(List.of()).faults()).contains("outage:sns|kinesis,outage-functions:dev-OutboxRelay,outage-after:20s,outage-for:1m");
    }

    @Test
    void theDataPlaneOnlyIgnoresAnEndpointFromTheEnvironmentButRefusesAnExplicitOne() {
        assertThat(up(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566")).parse(List.of("--data-plane-only")).endpoint()).isEmpty();
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--data-plane-only", "--endpoint", "http://localhost:4566")))
                .hasMessageContaining("cannot be combined");
    }

    @Test
    void badValuesAreRejectedWithWhatIsExpected() {
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--port", "99999"))).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--endpoint", "localhost:4566"))).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--endpoint"))).hasMessageContaining("--endpoint needs a URL");
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--faults", "lightning:0.5"))).hasMessageContaining("lightning");
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--faults", "outage:sns,outage-for:forever")))
                .hasMessageContaining("outage-for:forever needs a duration");
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--faults", "ddb-throttle:lots"))).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> up(Map.of()).parse(List.of("--loud"))).hasMessageContaining("unknown option '--loud'");
    }

    @Test
    void withoutACloudAssemblyUpFailsAndSaysHowToBuildIt() {
        int exit = up(Map.of()).run(up(Map.of()).parse(List.of()));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("manifest.json missing").contains("./ferry up builds it");
        assertThat(UpState.file(home)).doesNotExist();
    }
}
