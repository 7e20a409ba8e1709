package dev.ferry.outbox;

/** How one entry of a batch publish went. */
public sealed interface EntryResult {

    record Published() implements EntryResult {
    }

    record Failed(String code, String message) implements EntryResult {
    }

    static EntryResult published() {
        return new Published();
    }
}
