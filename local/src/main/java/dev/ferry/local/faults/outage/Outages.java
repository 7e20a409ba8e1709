package dev.ferry.local.faults.outage;

import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outage switch of a running system: routes the functions' calls to the services of an
 * {@link OutagePlan} through one {@link OutageProxy} per function and service, starts and ends outages, and
 * counts what the proxies did.
 *
 * <pre>{@code
 * try (Outages.Running outage = system.faults().startOutage(
 *         Outage.of(OutageService.SNS, OutageService.KINESIS).onlyFor("dev-OutboxRelay"))) {
 *     // the relay's Publish/PublishBatch and PutRecord/PutRecords fail with 503 ServiceUnavailable
 * } // outage over
 * }</pre>
 *
 * <p>With an empty plan ({@link #none()}) nothing listens and the functions talk to the services directly.
 */
public final class Outages implements OutageProxy.Decisions, AutoCloseable {

    /**
     * An outage in effect from {@code from} until it is ended (or {@code until}). Ending some of its services
     * ({@link Outages#end}) narrows it; {@link #end()} ends what is left of it.
     */
    public final class Running implements AutoCloseable {
        private volatile Outage outage;
        private final Instant from;
        private final Optional<Instant> until;

        private Running(Outage outage, Instant from, Optional<Instant> until) {
            this.outage = outage;
            this.from = from;
            this.until = until;
        }

        /** What is left of the outage. */
        public Outage outage() {
            return outage;
        }

        boolean inEffect(Instant now) {
            return !now.isBefore(from) && until.map(now::isBefore).orElse(true);
        }

        /** Ends this outage (the others go on); calling it again does nothing. */
        public void end() {
            if (running.remove(this)) {
                log.println("[outage] ended: " + outage);
            }
        }

        @Override
        public void close() {
            end();
        }

        @Override
        public String toString() {
            return outage.toString();
        }
    }

    private record Key(String function, OutageService service, String operation) {}

    private final Set<OutageService> routed;
    private final Set<String> functions;
    private final Map<String, Map<OutageService, OutageProxy>> proxies;
    private final List<Running> running = new CopyOnWriteArrayList<>();
    private final Map<Key, LongAdder[]> counts = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final PrintStream log;

    private Outages(Set<OutageService> routed, Collection<String> functions, InstantSource clock, PrintStream log) {
        this.routed = Collections.unmodifiableSet(routed.isEmpty() ? EnumSet.noneOf(OutageService.class) : EnumSet.copyOf(routed));
        this.functions = Collections.unmodifiableSet(new LinkedHashSet<>(functions));
        this.proxies = new LinkedHashMap<>();
        this.clock = clock;
        this.log = log;
    }

    /** No proxies, no outages: what a system without outage entries in its fault plan has. */
    public static Outages none() {
        return new Outages(Set.of(), List.of(), InstantSource.system(), new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /**
     * Starts a proxy per function and service of the plan, forwarding to the service's endpoint in
     * {@code endpoints} ({@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}), and schedules the
     * plan's outage, if any, from now.
     */
    public static Outages start(OutagePlan plan, Collection<String> functionNames, Map<String, String> endpoints,
                                InstantSource clock, PrintStream log) {
        Outages outages = new Outages(plan.switchable(), functionNames, clock, log);
        if (plan.isEmpty()) {
            return outages;
        }
        try {
            Map<OutageService, URI> upstreams = new EnumMap<>(OutageService.class);
            for (OutageService s : outages.routed) {
                upstreams.put(s, upstream(s, endpoints));
            }
            for (String function : outages.functions) {
                Map<OutageService, OutageProxy> forFunction = new EnumMap<>(OutageService.class);
                upstreams.forEach((service, uri) -> forFunction.put(service, OutageProxy.start(function, service, uri, outages)));
                outages.proxies.put(function, forFunction);
            }
            plan.scheduled().ifPresent(s -> {
                outages.validate(s.outage());
                Instant from = clock.instant().plus(s.after());
                outages.running.add(outages.new Running(s.outage(), from, s.lasting().map(from::plus)));
                log.println("[outage] planned: " + s.outage() + (s.after().isZero() ? " from the start" : " after " + OutagePlan.text(s.after()))
                        + s.lasting().map(d -> " for " + OutagePlan.text(d)).orElse(" until ended"));
            });
            return outages;
        } catch (RuntimeException e) {
            outages.close();
            throw e;
        }
    }

    private static URI upstream(OutageService service, Map<String, String> endpoints) {
        String value = Optional.ofNullable(endpoints.get(service.endpointVariable())).filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(endpoints.get("AWS_ENDPOINT_URL")).filter(v -> !v.isBlank()))
                .orElseThrow(() -> new IllegalArgumentException("an outage of " + service.key() + " needs the endpoint the"
                        + " functions reach it at, but neither " + service.endpointVariable() + " nor AWS_ENDPOINT_URL is set"));
        return URI.create(value.trim());
    }

    /**
     * A function's endpoint variables: {@code common}, with each routed service pointing at this function's
     * proxy. Unchanged for functions and services that are not routed.
     */
    public Map<String, String> endpointsFor(String function, Map<String, String> common) {
        Map<OutageService, OutageProxy> forFunction = proxies.get(function);
        if (forFunction == null) {
            return common;
        }
        Map<String, String> env = new LinkedHashMap<>(common);
        forFunction.forEach((service, proxy) -> env.put(service.endpointVariable(), proxy.endpoint().toString()));
        return Collections.unmodifiableMap(env);
    }

    /** The services whose outages can be switched on (those routed through the proxies). */
    public Set<OutageService> switchableServices() {
        return routed;
    }

    /** Starts an outage now, until it is ended; others already running go on. */
    public synchronized Running start(Outage outage) {
        validate(outage);
        Running r = new Running(outage, clock.instant(), Optional.empty());
        running.add(r);
        log.println("[outage] started: " + outage);
        return r;
    }

    private void validate(Outage outage) {
        EnumSet<OutageService> notRouted = EnumSet.copyOf(outage.services());
        notRouted.removeAll(routed);
        if (!notRouted.isEmpty()) {
            String keys = String.join("|", outage.services().stream().map(OutageService::key).toList());
            throw new IllegalStateException("the functions do not reach " + notRouted + " through the outage proxy, so no"
                    + " outage of it can be switched on: start the system with outage-switch:" + keys + " in its fault plan"
                    + " (FERRY_FAULTS, ./ferry up --faults, or LocalSystem.Options.withFaults)"
                    + (routed.isEmpty() ? "" : "; switchable now: " + routed));
        }
        List<String> unknown = outage.functions().stream().filter(f -> !functions.contains(f)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no function named " + unknown + " in this deployment; functions: " + functions);
        }
    }

    /** Ends every outage of these services (an outage of other services too goes on for those). */
    public synchronized void end(OutageService... services) {
        Set<OutageService> ended = services.length == 0 ? EnumSet.noneOf(OutageService.class) : EnumSet.copyOf(Arrays.asList(services));
        for (Running r : running) {
            Outage before = r.outage();
            Set<OutageService> left = before.servicesWithout(ended);
            if (left.size() == before.services().size()) {
                continue;
            }
            if (left.isEmpty()) {
                running.remove(r);
            } else {
                r.outage = new Outage(left, before.functions(), before.kind());
            }
            log.println("[outage] ended for " + ended.stream().map(OutageService::key).toList() + ": " + before);
        }
    }

    /** Ends every outage. */
    public void endAll() {
        end(OutageService.values());
    }

    /** The outages in effect now. */
    public List<Outage> active() {
        Instant now = clock.instant();
        return running.stream().filter(r -> r.inEffect(now)).map(Running::outage).toList();
    }

    public OutageCounters counters() {
        List<OutageCounters.Count> list = new ArrayList<>();
        counts.forEach((k, v) -> list.add(new OutageCounters.Count(k.function(), k.service(), k.operation(), v[0].sum(), v[1].sum())));
        return new OutageCounters(list);
    }

    @Override
    public Optional<OutageKind> failure(String function, OutageService service, String operation) {
        if (!service.failingOperations().contains(operation)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (Running r : running) {
            if (r.outage().covers(function, service) && r.inEffect(now)) {
                return Optional.of(r.outage().kind());
            }
        }
        return Optional.empty();
    }

    @Override
    public void counted(String function, OutageService service, String operation, boolean failed) {
        LongAdder[] pair = counts.computeIfAbsent(new Key(function, service, operation), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        pair[failed ? 0 : 1].increment();
    }

    /** One line for a summary: what is routed and what is in effect. */
    public String describe() {
        if (routed.isEmpty()) {
            return "none";
        }
        List<Outage> now = active();
        return routed.stream().map(OutageService::key).toList() + " switchable through proxies; "
                + (now.isEmpty() ? "no outage in effect" : "in effect: " + now);
    }

    /** Stops every proxy; calls in flight fail as if the service had gone away. */
    @Override
    public void close() {
        proxies.values().forEach(m -> m.values().forEach(OutageProxy::close));
        proxies.clear();
        running.clear();
    }
}
