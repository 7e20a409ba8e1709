package dev.ferry.local.dynamodb.table;

import java.time.Instant;

/**
 * Where a table or an index is in its life: CREATING, ACTIVE, UPDATING or DELETING. A transition is begun with
 * the time it settles at; it is read lazily, so a table is ACTIVE from that time on without anything running
 * in the background. With instant transitions the settle time is the time the transition began: the answer to
 * the request that began it shows the transitional state, every later request the settled one.
 */
public final class Lifecycle {
    /** The states AWS names in TableStatus and IndexStatus. */
    public enum Status { CREATING, ACTIVE, UPDATING, DELETING }

    private Status status = Status.ACTIVE;
    private Instant settlesAt = Instant.MIN;

    /** Enters {@code transitional} until {@code until}; DELETING ends with the resource gone. */
    public void begin(Status transitional, Instant until) {
        this.status = transitional;
        this.settlesAt = until;
    }

    /** The status at {@code now}; a creation or update whose time has come is ACTIVE. */
    public Status status(Instant now) {
        if ((status == Status.CREATING || status == Status.UPDATING) && !now.isBefore(settlesAt)) status = Status.ACTIVE;
        return status;
    }

    /** True once a deletion has run its course. */
    public boolean goneBy(Instant now) {
        return status == Status.DELETING && !now.isBefore(settlesAt);
    }
}
