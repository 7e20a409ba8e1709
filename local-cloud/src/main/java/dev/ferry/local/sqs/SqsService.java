package dev.ferry.local.sqs;

import dev.ferry.local.LocalService;
import dev.ferry.local.cost.RequestLedger;
import dev.ferry.local.cost.SqsRequestMeter;
import dev.ferry.local.front.ValidatingFront;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/**
 * SQS for the local cloud: ElasticMQ embedded in this JVM, on loopback, speaking the SQS JSON and
 * Query protocols, behind a {@link ValidatingFront} that applies the SQS rules ElasticMQ misses ({@link SqsRules}).
 * Clients are given the front's endpoint; ElasticMQ listens on a port of its own and hands out queue URLs with the
 * front's address. Queue URLs are {@code http://127.0.0.1:PORT/ACCOUNT/NAME}; queue ARNs carry the configured region
 * and account, as on AWS.
 */
public final class SqsService implements LocalService {

    public static final String NAME = "sqs";
    public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL_SQS";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** How long close() waits for the HTTP server to unbind before the actor system is terminated. */
    private static final Duration UNBIND_TIMEOUT = Duration.ofSeconds(5);

    private final SQSRestServer server;
    private final ValidatingFront front;
    private final URI emulator;
    private final ActorSystem actors;
    private final SqsSettings settings;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqsService(SQSRestServer server, ValidatingFront front, URI emulator, ActorSystem actors, SqsSettings settings) {
        this.server = server;
        this.front = front;
        this.emulator = emulator;
        this.actors = actors;
        this.settings = settings;
        this.endpoint = front.endpoint();
    }

    /** Starts ElasticMQ on a free loopback port, region us-east-1, account 000000000000. */
    public static SqsService start() {
        return start(SqsSettings.defaults());
    }

    public static SqsService start(SqsSettings settings) {
        return start(settings, InstantSource.system());
    }

    /** As {@link #start(SqsSettings)}, with the clock the front's one-purge-per-minute rule reads. */
    static SqsService start(SqsSettings settings, InstantSource clock) {
        EmulatorLogging.quietUnlessConfigured();
        ValidatingFront front = ValidatingFront.listen(NAME, settings.port());
        // Our own actor system, so that it is terminated even when ElasticMQ fails to bind (its own
        // stop path rethrows the bind failure before terminating the system it created).
        ActorSystem actors = ActorSystem.create("ferry-sqs-" + INSTANCES.incrementAndGet());
        var builder = SQSRestServerBuilder
                .withActorSystem(actors)
                .withInterface(LOOPBACK)
                .withAWSRegion(settings.region())
                .withAWSAccountId(settings.accountId())
                // Queue URLs name the front, so that calls made with them go through it too.
                .withServerAddress(new NodeAddress("http", LOOPBACK, front.port(), ""))
                .withDynamicPort();
        try {
            SQSRestServer server = builder.start();
            URI emulator = URI.create("http://" + LOOPBACK + ":" + server.waitUntilStarted().localAddress().getPort());
            // ElasticMQ reads nothing from User-Agent, and fails (expensively) to parse the SDKs' one.
            front.withholding("User-Agent").serve(emulator, new SqsRules(new QueueBook(clock)));
            return new SqsService(server, front, emulator, actors, settings);
        } catch (Exception e) { // Scala code may throw checked exceptions undeclared
            front.close();
            terminate(actors);
            throw new IllegalStateException("ElasticMQ (SQS) did not start on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    private static void terminate(ActorSystem actors) {
        actors.terminate();
        try {
            actors.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("ElasticMQ's actor system did not stop within " + STOP_TIMEOUT.toSeconds() + " s", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of(ENDPOINT_ENV, endpoint.toString());
    }

    /**
     * Counts the billed requests served from now on in {@code ledger} ({@link SqsRequestMeter}), except those signed
     * with one of {@code excludedAccessKeys}.
     */
    public void meterInto(RequestLedger ledger, Set<String> excludedAccessKeys) {
        front.metering(new SqsRequestMeter(ledger, excludedAccessKeys));
    }

    /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /**
     * ElasticMQ's own endpoint, behind the front: calls made here skip AWS's rules the front applies. For measuring
     * what the front costs (see docs/local-cloud.md), not for clients.
     */
    public URI emulatorEndpoint() {
        return emulator;
    }

    public String region() {
        return settings.region();
    }

    public String accountId() {
        return settings.accountId();
    }

    /** The URL ElasticMQ gives a queue of this name, the same as CreateQueue and GetQueueUrl return. */
    public URI queueUrl(String queueName) {
        return endpoint.resolve("/" + settings.accountId() + "/" + queueName);
    }

    /** The ARN of a queue of this name, as in the QueueArn attribute and redrive policies. */
    public String queueArn(String queueName) {
        return "arn:aws:sqs:" + settings.region() + ":" + settings.accountId() + ":" + queueName;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            front.close();
            try {
                // ElasticMQ's stopAndWait() blocks up to a minute and then throws when the server does not finish
                // unbinding, which happens after heavy use (clients such as the functions' SDK clients keep
                // connections open and are never closed). Wait a bounded time; terminating the actor system
                // below closes whatever is still open.
                Await.ready(server.stopAndGetFuture().apply(), FiniteDuration.create(UNBIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) { // the TimeoutException Scala does not declare: the actor system ends the rest
                // nothing to report: stopping goes on with the actor system
            } finally {
                terminate(actors);
            }
        }
    }

    @Override
    public String toString() {
        return "SqsService[" + endpoint + ", " + settings.region() + ", " + settings.accountId() + "]";
    }
}
