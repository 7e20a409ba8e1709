package dev.ferry.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A target that accepts everything, or, while it is down, fails every entry as an outage does. */
final class SwitchableTarget implements PublicationTarget {

    final List<String> publishedEventIds = new CopyOnWriteArrayList<>();
    private volatile boolean down;

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
            publishedEventIds.add(p.eventId());
            results.add(EntryResult.published());
        }
        return results;
    }
}
