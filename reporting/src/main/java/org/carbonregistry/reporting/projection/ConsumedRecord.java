package org.carbonregistry.reporting.projection;

/**
 * One record of {@code registry.events} as it came off the topic: where it was and its value, which should be
 * a canonical event envelope.
 */
public record ConsumedRecord(int partition, long offset, byte[] value) {

    public ConsumedRecord {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("invalid position " + partition + "/" + offset);
        }
    }
}
