package org.carbonregistry.registry.testing;

import org.carbonregistry.registry.batch.SerialNumbers;

/** The registry-wide serial counter in memory: reservations are consecutive, starting where it is told. */
public class CountingSerialNumbers implements SerialNumbers {

    private long next;

    public CountingSerialNumbers() {
        this(1);
    }

    public CountingSerialNumbers(long next) {
        if (next < 1) {
            throw new IllegalArgumentException("serial numbers start at 1, not " + next);
        }
        this.next = next;
    }

    @Override
    public long reserve(long quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("cannot reserve " + quantity + " serials");
        }
        long first = next;
        next += quantity;
        return first;
    }

    /** The serial the next reservation will start with. */
    public long next() {
        return next;
    }
}
