package dev.ferry.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.http.HttpRequest;
import dev.ferry.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router().route("GET", "/traces/{correlationId}",
            request -> HttpResponse.json(200, "{\"id\":\"" + request.path("correlationId") + "\"}"));

    private String traced(String rawPath) {
        return router.dispatch(new HttpRequest("GET", rawPath, Map.of(), "")).body();
    }

    @Test
    void aPathParameterIsDecodedOnceAndAPlusStaysAPlus() {
        assertThat(traced("/traces/batch%2F7")).contains("\"batch/7\"");
        assertThat(traced("/traces/a+b")).as("a path is no form: + is not a space").contains("\"a+b\"");
        assertThat(traced("/traces/a%2Bb")).contains("\"a+b\"");
        assertThat(traced("/traces/100%2525")).as("decoded once, not twice").contains("\"100%25\"");
    }
}
