package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.local.cli.FerryCli;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real browser, through the demo's story: {@code ./ferry up} (in this JVM, on the synthesized app)
 * prints the console's URL; headless Chromium opens it; {@code ferry demo} places the orders, and the page follows the
 * paid one to CONFIRMED in its trace timeline; {@code ferry demo --poison} dead-letters a message, which the page
 * shows with its reason and redrives; a fault rate switched on the page is injected, and every order still settles
 * once. Ends with a screenshot of the console for the README.
 *
 * <p>Needs the system's Chromium and its chromedriver ({@code apt-get install chromium chromium-driver}; other paths
 * with {@code -Dferry.chromium=... -Dferry.chromedriver=...}); skipped, saying so, where they are missing. Selenium is
 * pointed at both, so that it never downloads a browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final String STAGE = "console";
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(90);

    private Path home;
    private final ByteArrayOutputStream upOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream upErr = new ByteArrayOutputStream();
    private final CountDownLatch stop = new CountDownLatch(1);
    private CompletableFuture<Integer> up;
    private URI console;
    private URI api;
    private WebDriver browser;
    private String accountId;
    private String paidCorrelation;

    private final Path chromium = Path.of(System.getProperty("ferry.chromium", "/usr/bin/chromium"));
    private final Path chromedriver = Path.of(System.getProperty("ferry.chromedriver", "/usr/bin/chromedriver"));

    /** Why the browser cannot run here, if it cannot. */
    private Optional<String> missingBrowser() {
        if (!Files.isExecutable(chromium)) {
            return Optional.of("no Chromium at " + chromium
                    + ": the console's browser test needs it (apt-get install chromium chromium-driver, or -Dferry.chromium=<path>)");
        }
        if (!Files.isExecutable(chromedriver)) {
            return Optional.of("no chromedriver at " + chromedriver
                    + ": the console's browser test needs it (apt-get install chromium-driver, or -Dferry.chromedriver=<path>)");
        }
        return Optional.empty();
    }

    /** Each test is skipped with the reason (an assumption in {@code @BeforeAll} would leave no trace in the report). */
    @BeforeEach
    void browserInstalled() {
        Optional<String> missing = missingBrowser();
        Assumptions.assumeTrue(missing.isEmpty(), missing::orElseThrow);
    }

    @BeforeAll
    void upAndBrowser() throws Exception {
        if (missingBrowser().isPresent()) return;

        home = Files.createTempDirectory("ferry-console-it");
        Path assembly = CloudAssembly.of(STAGE);
        FerryCli cli = new FerryCli(new PrintStream(upOut, true, StandardCharsets.UTF_8), new PrintStream(upErr, true, StandardCharsets.UTF_8),
                stop, home, Map.of());
        up = CompletableFuture.supplyAsync(() -> cli.run(new String[] {"up", "--cloud-assembly", assembly.toString()}));
        await("ferry up ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> upOut.toString(StandardCharsets.UTF_8).contains(System.lineSeparator() + "ready") || up.isDone());
        String printed = upOut.toString(StandardCharsets.UTF_8);
        assertThat(up.isDone()).as("ferry up stopped early: " + upErr.toString(StandardCharsets.UTF_8)).isFalse();
        console = URI.create(group(printed, "(?m)^console    (http://127\\.0\\.0\\.1:\\d+/)  \\("));
        api = URI.create(group(printed, "(?m)^API        (http://\\S+)"));

        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        // Root in a container has no sandbox to give; /dev/shm is small there.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1800,1500");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1800, 1500));
    }

    @AfterAll
    void down() throws Exception {
        if (browser != null) browser.quit();
        if (up != null) {
            stop.countDown();
            assertThat(up.get(60, TimeUnit.SECONDS)).isZero();
        }
        if (home != null) {
            try (var files = Files.walk(home)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Order(1)
    void theConsoleDrawsTheDeploymentsTopologyFromTheTemplates() {
        browser.get(console.toString());
        await("the topology").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> !browser.findElements(By.cssSelector("#topology g.node")).isEmpty());
        // The topology is drawn again as the state is pushed: each look is retried on an element that went stale.
        await("the topology's nodes and edges").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(nodes()).contains("route:POST /orders", fn("OrdersApi"), fn("OutboxRelay"), fn("PaymentsConsumer"),
                            fn("OrdersConsumer"), "queue:" + name("payments-order-placed"), "queue:" + name("payments-order-placed-dlq"),
                            "topic:" + name("domain-events"));
                    assertThat(edges()).contains("route:POST /orders -> " + fn("OrdersApi"),
                            "queue:" + name("payments-order-placed") + " -> " + fn("PaymentsConsumer"),
                            "queue:" + name("payments-order-placed") + " -> queue:" + name("payments-order-placed-dlq"));
                    assertThat(browser.findElements(By.cssSelector("#topology g.edge.subscription title")).stream().map(t -> t.getDomProperty("textContent"))
                            .anyMatch(t -> t.contains("topic:" + name("domain-events") + " → queue:" + name("payments-order-placed")) && t.contains("filter")))
                            .as("the payments queue's subscription, with its filter policy").isTrue();
                });
        await("live updates").atMost(PAGE_TIMEOUT).until(() -> text("#connection").equals("live"));
    }

    @Test
    @Order(2)
    void aPlacedOrderIsFollowedToConfirmedInItsTraceTimeline() {
        CliRun demo = ferry("demo");
        assertThat(demo.exit()).as(demo.err()).isZero();
        accountId = group(demo.out(), "account (\\S+) for ");
        paidCorrelation = group(demo.out(), "correlation (demo-\\w+-order-paid)");
        String paidOrder = group(demo.out(), "order (\\S+) PENDING, correlation " + paidCorrelation);

        await("the demo's paid order in the console").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#orders li[data-order='" + paidOrder + "']")).stream()
                        .anyMatch(li -> li.getText().contains("CONFIRMED")));
        click(By.cssSelector("#orders li[data-order='" + paidOrder + "']"));

        await("the paid order's chain").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> text("#trace-chain").startsWith("OrderPlaced → PaymentSucceeded → OrderConfirmed"));
        // The open trace is drawn again as the state is pushed: each look is retried on an element that went stale.
        await("the paid order's timeline, hop by hop").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(text("#trace-status")).isEqualTo("CONFIRMED");
                    assertThat(timelineFunctions()).contains(name("OrdersApi"), name("OutboxRelay"), name("PaymentsConsumer"), name("OrdersConsumer"));
                    assertThat(browser.findElements(By.cssSelector("#timeline .hop .label")).stream().map(WebElement::getText).toList())
                            .anyMatch(label -> label.matches("OrderPlaced · [\\d.]+ ms · ok.*"));
                });

        // The same chain by its correlation id, typed in.
        WebElement input = browser.findElement(By.id("trace-input"));
        input.clear();
        input.sendKeys(paidCorrelation);
        click(By.id("trace-button"));
        await("the trace by correlation id").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> text("#trace-summary").startsWith(paidCorrelation + ": "));

        await("the functions' counters").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> Long.parseLong(browser.findElement(By.cssSelector("#functions tr[data-function='" + name("PaymentsConsumer")
                        + "'] td.invocations")).getText()) >= 1);
        await("the payments queue's edge labelled").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> text("#topology text.rate[data-edge='queue:" + name("payments-order-placed") + " -> "
                        + fn("PaymentsConsumer") + "']").matches("\\d+ msgs · .*"));
        click(By.cssSelector("#functions tr[data-function='" + name("OrdersApi") + "'] button.logs"));
        await("the API function's JSON log lines, readable").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> text("#logs-lines").matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  request served  requestId=.*"));
        assertThat(text("#logs-lines")).doesNotContain("{\"timestamp\"");

        // The cost panel prices what the demo asked of AWS, as './ferry cost' does (it refreshes every 10 s).
        await("the cost panel").atMost(PAGE_TIMEOUT.plusSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("cost-section")).isDisplayed()
                        && text("#cost").matches("(?s).*\\$ per million orders\\s*[\\d.]+.*DynamoDB.*write request units.*"));
    }

    @Test
    @Order(3)
    void aPoisonMessageIsShownInItsDeadLetterQueueWithItsReasonAndRedriven() {
        String dlq = name("payments-order-placed-dlq");
        CliRun poison = ferry("demo", "--poison");
        assertThat(poison.exit()).as(poison.err()).isZero();
        String body = group(poison.out(), "sent to " + name("payments-order-placed") + ": (\\{\"not\":\"an event\",\"run\":\"\\w+\"})");

        await("the dead letter in the queue table").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> Long.parseLong(browser.findElement(By.cssSelector("#queues tr[data-queue='" + dlq + "'] td.depth")).getText()) >= 1);
        click(By.cssSelector("#queues tr[data-queue='" + dlq + "'] button.show"));
        await("the dead letter's reason").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#dlq-messages li.letter")).stream()
                        .anyMatch(li -> li.getText().contains(body)));
        await("the dead letter's reason and consumer").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .untilAsserted(() -> {
                    WebElement letter = browser.findElements(By.cssSelector("#dlq-messages li.letter")).stream()
                            .filter(li -> li.getText().contains(body)).findFirst().orElseThrow();
                    assertThat(letter.findElement(By.className("reason")).getText()).contains("malformed envelope");
                    assertThat(letter.getText()).contains("consumer       PaymentsConsumer");
                });

        click(By.id("redrive"));
        await("the redrive's outcome").atMost(PAGE_TIMEOUT).until(() -> text("#dlq-result").startsWith("redrive COMPLETED"));
        assertThat(text("#dlq-result")).contains("moved back to " + name("payments-order-placed"));
        // Still malformed: its consumer sets it aside again, and the page shows it back.
        await("the redriven poison back in " + dlq).atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> {
                    click(By.cssSelector("#queues tr[data-queue='" + dlq + "'] button.show"));
                    return browser.findElements(By.cssSelector("#dlq-messages li.letter")).stream().anyMatch(li -> li.getText().contains(body));
                });
    }

    @Test
    @Order(4)
    void aFaultRateSwitchedOnThePageIsInjectedAndEveryOrderStillSettlesOnce() throws Exception {
        WebElement rate = browser.findElement(By.cssSelector("#faults input[data-fault='duplicate']"));
        rate.clear();
        rate.sendKeys("1");
        click(By.id("faults-apply"));
        await("the switch").atMost(PAGE_TIMEOUT).until(() -> text("#faults-result").equals("now: duplicate 1"));

        String correlation = "console-it-" + Long.toHexString(System.nanoTime());
        HttpResponse<String> placed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/orders"))
                .header("Content-Type", "application/json").header("Idempotency-Key", correlation).header("X-Correlation-Id", correlation)
                .POST(HttpRequest.BodyPublishers.ofString("{\"accountId\": \"" + accountId + "\", \"amount\": \"5.00\", \"currency\": \"EUR\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);

        WebElement input = browser.findElement(By.id("trace-input"));
        input.clear();
        input.sendKeys(correlation);
        click(By.id("trace-button"));
        await("the order confirmed despite every delivery made twice").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> text("#trace-status").equals("CONFIRMED") && text("#trace-summary").startsWith(correlation));
        await("the duplicates shown as absorbed").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> !browser.findElements(By.cssSelector("#timeline .badge.repeat")).isEmpty());
        assertThat(text("#trace-summary")).containsPattern("[1-9]\\d* duplicates absorbed by the idempotency store");
        await("the duplicates counted as injected").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> Long.parseLong(browser.findElement(By.cssSelector("#faults-rows tr[data-fault='duplicate'] td.injected")).getText()) > 0);
        await("the order in the list, confirmed").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("#orders li[data-correlation='" + correlation + "']")).getText().endsWith("CONFIRMED"));
        await("every order settled, none twice").atMost(PAGE_TIMEOUT)
                .until(() -> text("#guarantees").matches("orders: (\\d+) placed, \\1 settled, 0 settled twice"));

        rate = browser.findElement(By.cssSelector("#faults input[data-fault='duplicate']"));
        rate.clear();
        rate.sendKeys("0");
        click(By.id("faults-apply"));
        await("the faults off").atMost(PAGE_TIMEOUT).until(() -> text("#faults-result").equals("now: no faults"));
    }

    @Test
    @Order(5)
    void aScreenshotOfTheConsoleAfterTheDemoIsSavedForTheReadme() throws Exception {
        click(By.cssSelector("#orders li[data-correlation='" + paidCorrelation + "']"));
        await("the paid order's timeline").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> text("#trace-summary").startsWith(paidCorrelation));
        click(By.cssSelector("#queues tr[data-queue='" + name("payments-order-placed-dlq") + "'] button.show"));
        Path target = Path.of(System.getProperty("ferry.consoleScreenshot", "target/console.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        await("the state pushed after the last order").atMost(PAGE_TIMEOUT).ignoreExceptions()
                .until(() -> text("#dlq-messages").contains("malformed envelope"));
        // The whole page in one picture: the window as tall as the page, scrolled to its top.
        long height = ((Number) ((ChromeDriver) browser).executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(1800, (int) Math.min(height + 20, 4000)));
        ((ChromeDriver) browser).executeScript("window.scrollTo(0, 0)");
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isPositive();
        System.out.println("e2e: the console's screenshot is " + target.toAbsolutePath());
    }

    private CliRun ferry(String... args) {
        return CliRun.of(home, args);
    }

    /**
     * Clicks what {@code by} finds. The page re-renders its tables on every pushed state (once a second), so an
     * element found a moment ago can be gone by the click; a stale one is looked up again (it was never clicked).
     */
    private void click(By by) {
        await("a click on " + by).atMost(PAGE_TIMEOUT).ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    browser.findElement(by).click();
                    return true;
                });
    }

    /** The text of what {@code css} finds, looked up again when the page re-rendered it between the find and the read. */
    private String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.findElement(By.cssSelector(css)).getText();
            } catch (StaleElementReferenceException rerendered) {
                if (attempt == 5) throw rerendered;
            }
        }
    }

    private List<String> nodes() {
        return browser.findElements(By.cssSelector("#topology g.node")).stream().map(n -> n.getDomAttribute("data-node")).toList();
    }

    private List<String> edges() {
        return browser.findElements(By.cssSelector("#topology g.edge")).stream().map(n -> n.getDomAttribute("data-edge")).toList();
    }

    private List<String> timelineFunctions() {
        return browser.findElements(By.cssSelector("#timeline .hop")).stream().map(h -> h.getDomAttribute("data-function")).distinct().toList();
    }

    private static String name(String resource) {
        return STAGE + "-" + resource;
    }

    private static String fn(String function) {
        return "fn:" + name(function);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return m.group(1);
    }
}
