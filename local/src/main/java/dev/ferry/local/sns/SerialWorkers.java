package dev.ferry.local.sns;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one after another per key (a subscription) on virtual threads, and different keys in
 * parallel. One lane per subscription keeps FIFO topics' order per subscription, and a slow or failing
 * endpoint never holds up the others.
 */
final class SerialWorkers {
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** False when closed: the task will never run. */
    boolean submit(String key, Runnable task) {
        if (closed) {
            return false;
        }
        lanes.computeIfAbsent(key, k -> new Lane()).submit(task);
        return true;
    }

    void close() {
        closed = true;
    }

    private final class Lane {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        void submit(Runnable task) {
            tasks.add(task);
            schedule();
        }

        private void schedule() {
            if (running.compareAndSet(false, true)) {
                Thread.ofVirtual().name("sns-delivery").start(this::drain);
            }
        }

        private void drain() {
            try {
                Runnable task;
                while (!closed && (task = tasks.poll()) != null) {
                    task.run();
                }
            } finally {
                running.set(false);
                if (!closed && !tasks.isEmpty()) {
                    schedule();
                }
            }
        }
    }
}
