package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.cost.CostReport;
import dev.ferry.local.cost.LedgerSnapshot;
import dev.ferry.local.cost.PriceTable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code ferry cost [--json] [--name N]}: what the running {@code up} has asked of AWS since it started, read from its
 * ledger ({@link StatsServer}'s {@code /cost}), per order placed and priced at AWS's list prices
 * ({@link PriceTable#usEast1()}); {@code --json} prints the ledger's counts instead. docs/cost.md explains the figures.
 */
final class CostCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final Instance instance;

    CostCommand(PrintStream out, PrintStream err, Instance instance) {
        this.out = out;
        this.err = err;
        this.instance = instance;
    }

    int run(boolean json) throws InterruptedException {
        Optional<UpState> state = instance.live();
        if (state.isEmpty()) {
            err.println("ferry: " + instance.notRunning() + ": start " + instance.command("up") + ", run "
                    + instance.command("demo") + " or " + instance.command("load") + ", then " + instance.command("cost"));
            return 1;
        }
        Optional<URI> stats = state.get().statsUrl();
        if (stats.isEmpty()) {
            err.println("ferry: " + StatsServer.NOT_PUBLISHED);
            return 1;
        }
        URI cost = stats.get().resolve(StatsServer.COST_PATH);
        JsonNode document;
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(cost).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("ferry: " + cost + " answered " + response.statusCode() + " (an up started by an older ferry has no /cost:"
                        + " stop it and start './ferry up' again)");
                return 1;
            }
            document = JSON.readTree(response.body());
        } catch (IOException e) {
            err.println("ferry: could not read the running up's ledger at " + cost + ": " + e.getMessage());
            return 1;
        }
        if (json) {
            out.println(document.toPrettyString());
            return 0;
        }
        out.print(CostReport.of(LedgerSnapshot.fromJson(document), PriceTable.usEast1()).render());
        return 0;
    }
}
