package dev.ferry.outbox;

import dev.ferry.correlation.Correlation;
import dev.ferry.correlation.CorrelationContext;
import dev.ferry.logging.JsonLogger;
import dev.ferry.logging.Logs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes outbox events to every target in order per subject: a request carries at most one pending event
 * per subject, and a subject's next event goes only after its previous one was accepted, so no event
 * overtakes an earlier one of its subject even when single entries of a batch request fail. Failed entries
 * (and whole failed requests) are retried {@link OutboxRelay.Options#maxAttempts()} times; a subject that
 * still fails stops there, on this target and on the targets after it.
 */
final class OrderedPublisher {

    private static final JsonLogger LOG = Logs.get(OrderedPublisher.class);

    /**
     * @param stoppedAt the position of the first event of each stopped subject that is not on every target
     */
    record Result(List<Publication> publishedEverywhere, Map<String, Integer> stoppedAt, List<String> errors) {
        boolean stopped(String subject) {
            return stoppedAt.containsKey(subject);
        }
    }

    private final List<PublicationTarget> targets;
    private final OutboxRelay.Options options;

    OrderedPublisher(List<PublicationTarget> targets, OutboxRelay.Options options) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the relay needs at least one publication target");
        }
        this.targets = List.copyOf(targets);
        this.options = options;
    }

    /** Publishes {@code inOrder} (ascending positions; each subject's events in their order). */
    Result publish(List<Publication> inOrder) {
        Map<String, Integer> stoppedAt = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (PublicationTarget target : targets) {
            List<Publication> due = inOrder.stream().filter(p -> before(p, stoppedAt)).toList();
            publishTo(target, due, errors).forEach((subject, position) -> stoppedAt.merge(subject, position, Math::min));
        }
        List<Publication> everywhere = inOrder.stream().filter(p -> before(p, stoppedAt)).toList();
        return new Result(everywhere, stoppedAt, errors);
    }

    private static boolean before(Publication p, Map<String, Integer> stoppedAt) {
        return p.position() < stoppedAt.getOrDefault(p.subject(), Integer.MAX_VALUE);
    }

    /** Returns, per stopped subject, the position of its first event this target did not accept. */
    private Map<String, Integer> publishTo(PublicationTarget target, List<Publication> due, List<String> errors) {
        Map<String, ArrayDeque<Publication>> bySubject = new LinkedHashMap<>();
        for (Publication p : due) {
            bySubject.computeIfAbsent(p.subject(), s -> new ArrayDeque<>()).addLast(p);
        }
        Map<String, Integer> attempts = new HashMap<>();
        Map<String, Integer> stopped = new HashMap<>();
        for (int round = 1; ; round++) {
            List<Publication> heads = new ArrayList<>();
            for (Map.Entry<String, ArrayDeque<Publication>> e : bySubject.entrySet()) {
                if (!e.getValue().isEmpty() && !stopped.containsKey(e.getKey())) {
                    heads.add(e.getValue().peekFirst());
                }
            }
            if (heads.isEmpty()) {
                return stopped;
            }
            heads.sort(Comparator.comparingInt(Publication::position));
            boolean anyFailed = false;
            for (List<Publication> request : chunks(heads, target)) {
                List<EntryResult> results = send(target, request);
                for (int i = 0; i < request.size(); i++) {
                    Publication p = request.get(i);
                    switch (results.get(i)) {
                        case EntryResult.Published ok -> bySubject.get(p.subject()).pollFirst();
                        case EntryResult.Failed failed -> {
                            anyFailed = true;
                            int tries = attempts.merge(p.eventId(), 1, Integer::sum);
                            if (tries >= options.maxAttempts()) {
                                stopped.put(p.subject(), p.position());
                                errors.add(target.name() + " rejected event " + p.eventId() + " (subject " + p.subject() + ") "
                                        + tries + " times: " + failed.code() + " " + failed.message());
                                try (Correlation.Scope scope = Correlation.open(new CorrelationContext(p.correlationId(), Optional.of(p.eventId())))) {
                                    LOG.warn("outbox event not published; its subject stops here", "target", target.name(),
                                            "eventId", p.eventId(), "subject", p.subject(), "code", failed.code(), "reason", failed.message());
                                }
                            }
                        }
                    }
                }
            }
            if (anyFailed) {
                pause(round);
            }
        }
    }

    private static List<EntryResult> send(PublicationTarget target, List<Publication> request) {
        try {
            List<EntryResult> results = target.publish(request);
            if (results.size() != request.size()) {
                throw new IllegalStateException(target.name() + " returned " + results.size() + " results for " + request.size() + " entries");
            }
            return results;
        } catch (RuntimeException whole) {
            String code = whole.getClass().getSimpleName();
            List<EntryResult> failed = new ArrayList<>(request.size());
            request.forEach(p -> failed.add(new EntryResult.Failed(code, String.valueOf(whole.getMessage()))));
            return failed;
        }
    }

    private static List<List<Publication>> chunks(List<Publication> heads, PublicationTarget target) {
        List<List<Publication>> chunks = new ArrayList<>();
        List<Publication> current = new ArrayList<>();
        int bytes = 0;
        for (Publication p : heads) {
            int size = p.sizeInBytes();
            if (!current.isEmpty() && (current.size() == target.maxEntries() || bytes + size > target.maxBytes())) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private void pause(int round) {
        long millis = options.backoff().toMillis() * round;
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
