package dev.ferry.local.eventsource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The virtual threads of one event source mapping and the flag that tells them to stop. Closing
 * interrupts them (so a long poll or a pause ends at once) and waits briefly for each.
 */
final class PollerThreads implements AutoCloseable {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    void start(String name, Runnable loop) {
        threads.add(Thread.ofVirtual().name(name).start(loop));
    }

    boolean running() {
        return running;
    }

    /** Sleeps, returning early (with the interrupt flag kept) when the mapping is closed. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
