package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpStateTest {
    @TempDir
    Path home;

    private final Instant written = Instant.now();

    private UpState state(long pid) {
        return state(pid, written);
    }

    private UpState state(long pid, Instant startedAt) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4001");
        env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:4002");
        env.put("AWS_REGION", "us-east-1");
        return new UpState(java.util.Optional.of(URI.create("http://127.0.0.1:4000/dev")), env, Map.of("tables", List.of("dev-orders")), pid,
                startedAt);
    }

    @Test
    void theStateOfALiveUpIsReadBackAsWritten() {
        UpState written = state(ProcessHandle.current().pid());
        written.write(UpState.file(home));

        assertThat(UpState.readLive(UpState.file(home))).contains(written);
        assertThat(UpState.readLive(UpState.file(home)).orElseThrow().environment().keySet())
                .containsExactly("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS", "AWS_REGION");
    }

    @Test
    void theStatisticsEndpointIsReadBackWhenUpPublishedOne() {
        UpState plain = state(ProcessHandle.current().pid());
        UpState withStats = new UpState(plain.apiUrl(), plain.environment(), plain.resources(), plain.pid(), plain.startedAt(),
                java.util.Optional.of(URI.create("http://127.0.0.1:4006/stats")));
        withStats.write(UpState.file(home));

        assertThat(UpState.readLive(UpState.file(home))).contains(withStats);
    }

    @Test
    void aFileLeftByAProcessThatIsGoneCountsAsNoUp() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        state(gone.pid()).write(UpState.file(home));

        assertThat(UpState.read(UpState.file(home))).isPresent();
        assertThat(UpState.readLive(UpState.file(home))).isEmpty();
    }

    @Test
    void aPidThatALaterProcessGotAfterTheUpDiedCountsAsNoUp() {
        // This test's JVM started long after an up that would have written this state in 2020.
        state(ProcessHandle.current().pid(), Instant.parse("2020-01-01T00:00:00Z")).write(UpState.file(home));

        assertThat(UpState.read(UpState.file(home))).isPresent();
        assertThat(UpState.readLive(UpState.file(home))).isEmpty();
    }

    @Test
    void eachNamedInstanceHasItsOwnStateFile() {
        assertThat(UpState.file(home)).isEqualTo(home.resolve(".ferry/default/up.json"));
        assertThat(UpState.file(home, "b")).isEqualTo(home.resolve(".ferry/b/up.json"));
    }

    @Test
    void theApiDescriptionAnExternalEndpointAndTheConsoleAreReadBackAsWritten() {
        UpState plain = state(ProcessHandle.current().pid());
        UpState full = new UpState(plain.apiUrl(), plain.environment(), plain.resources(), plain.pid(), plain.startedAt(),
                java.util.Optional.of(URI.create("http://127.0.0.1:4006/stats")), java.util.Optional.of(URI.create("http://127.0.0.1:4005/openapi.yaml")),
                java.util.Optional.of(URI.create("http://localhost:4566")), java.util.Optional.of(URI.create("http://127.0.0.1:4008/")));
        full.write(UpState.file(home, "b"));

        assertThat(UpState.readLive(UpState.file(home, "b"))).contains(full);
    }

    @Test
    void noFileMeansNoUp() {
        assertThat(UpState.readLive(UpState.file(home))).isEmpty();
    }

    @Test
    void aCorruptFileIsAnErrorThatSaysToDeleteIt() throws Exception {
        Files.createDirectories(UpState.file(home).getParent());
        Files.writeString(UpState.file(home), "{not json");

        assertThatThrownBy(() -> UpState.read(UpState.file(home))).hasMessageContaining("delete it");
    }

    @Test
    void onlyTheOwnerRemovesTheFile() {
        state(42).write(UpState.file(home));

        UpState.removeIfOwned(UpState.file(home), 43);
        assertThat(UpState.file(home)).exists();

        UpState.removeIfOwned(UpState.file(home), 42);
        assertThat(UpState.file(home)).doesNotExist();
    }
}
