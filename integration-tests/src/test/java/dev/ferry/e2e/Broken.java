package dev.ferry.e2e;

/**
 * A rule of the API description an answer broke.
 *
 * @param rule   which rule, in a few words, the same for every request that breaks it (a survey groups by it)
 * @param detail what this answer did
 */
record Broken(String rule, String detail) {

    @Override
    public String toString() {
        return rule + ": " + detail;
    }
}
