package dev.ferry.local.sns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs items one lane per key (a subscription) on virtual threads: a lane's items in the order they were submitted,
 * different lanes in parallel. One lane per subscription keeps FIFO topics' order per subscription, and a slow or
 * failing endpoint never holds up the others. A lane hands its handler what has queued up since its last turn, up to
 * {@code maxBatch} items at a time, so that a backlog can be delivered in batches; an idle lane hands over each item
 * as it comes.
 */
final class SerialWorkers<T> {
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final int maxBatch;
    private final Consumer<List<T>> handler;
    private volatile boolean closed;

    /** @param handler takes the next 1 to {@code maxBatch} items of one lane, in order */
    SerialWorkers(int maxBatch, Consumer<List<T>> handler) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.handler = handler;
    }

    /** False when closed: the item will never be handled. */
    boolean submit(String key, T item) {
        if (closed) {
            return false;
        }
        lanes.computeIfAbsent(key, k -> new Lane()).submit(item);
        return true;
    }

    void close() {
        closed = true;
    }

    private final class Lane {
        private final Queue<T> items = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        void submit(T item) {
            items.add(item);
            schedule();
        }

        private void schedule() {
            if (running.compareAndSet(false, true)) {
                Thread.ofVirtual().name("sns-delivery").start(this::drain);
            }
        }

        private void drain() {
            try {
                List<T> batch = new ArrayList<>(maxBatch);
                while (!closed) {
                    T item;
                    while (batch.size() < maxBatch && (item = items.poll()) != null) {
                        batch.add(item);
                    }
                    if (batch.isEmpty()) {
                        return;
                    }
                    handler.accept(List.copyOf(batch));
                    batch.clear();
                }
            } finally {
                running.set(false);
                if (!closed && !items.isEmpty()) {
                    schedule();
                }
            }
        }
    }
}
