package dev.ferry.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiDescriptionServerTest {

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheCheckoutsDescriptionAsItIsNow() throws Exception {
        Path file = Files.writeString(home.resolve("openapi.yaml"), "openapi: 3.1.0\n");
        try (ApiDescriptionServer server = ApiDescriptionServer.start(file, 0)) {
            URI url = server.url().orElseThrow();
            assertThat(url.toString()).matches("http://127\\.0\\.0\\.1:\\d+/openapi\\.yaml");

            HttpResponse<String> first = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            Files.writeString(file, "openapi: 3.1.0\ninfo: {title: edited}\n");
            HttpResponse<String> afterAnEdit = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).contains("application/yaml");
            assertThat(first.body()).isEqualTo("openapi: 3.1.0\n");
            assertThat(afterAnEdit.body()).contains("edited");
        }
    }

    @Test
    void anythingElseIsANotFoundProblem() throws Exception {
        Path file = Files.writeString(home.resolve("openapi.yaml"), "openapi: 3.1.0\n");
        try (ApiDescriptionServer server = ApiDescriptionServer.start(file, 0)) {
            URI other = server.url().orElseThrow().resolve("/orders");

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body()).contains("\"status\":404");
        }
    }

    @Test
    void aCheckoutWithoutADescriptionServesNothing() {
        try (ApiDescriptionServer server = ApiDescriptionServer.start(home.resolve("docs/openapi.yaml"), 0)) {
            assertThat(server.url()).isEmpty();
        }
    }
}
