package dev.ferry.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A target that accepts everything, or, while it is down, fails every request as an outage does; it can
 * also refuse the entries of chosen subjects.
 */
final class SwitchableTarget implements PublicationTarget {

    final List<String> publishedEventIds = new CopyOnWriteArrayList<>();
    private final Set<String> refusedSubjects = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    void refuse(String subject) {
        refusedSubjects.add(subject);
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    @Override
    public String name() {
        return "switchable";
    }

    @Override
    public int maxEntries() {
        return 10;
    }

    @Override
    public int maxBytes() {
        return 256 * 1024;
    }

    @Override
    public List<EntryResult> publish(List<Publication> batch) {
        if (down) {
            throw new IllegalStateException("ServiceUnavailable: the target is down");
        }
        List<EntryResult> results = new ArrayList<>();
        for (Publication p : batch) {
            if (refusedSubjects.contains(p.subject())) {
                results.add(new EntryResult.Failed("InternalError", "try again"));
            } else {
                publishedEventIds.add(p.eventId());
                results.add(EntryResult.published());
            }
        }
        return results;
    }
}
