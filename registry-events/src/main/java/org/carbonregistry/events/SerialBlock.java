package org.carbonregistry.events;

/**
 * A contiguous run of serial numbers, both ends inclusive. One serial is one credit is one tonne.
 * Serial numbers are unique across the whole registry, so a block never needs its batch to be unambiguous;
 * the batch's {@code serialPrefix} only makes it readable.
 */
public record SerialBlock(long first, long last) {

    public SerialBlock {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("invalid serial block " + first + "-" + last);
        }
    }

    public long quantity() {
        return last - first + 1;
    }

    /** The readable form, e.g. {@code VCS-1A2B3C4D-2023-000000001-000001000}. */
    public String label(String serialPrefix) {
        return label(serialPrefix, first) + String.format("-%09d", last);
    }

    /** One serial's readable form, the block label's first half, e.g. {@code VCS-1A2B3C4D-2023-000000042}. */
    public static String label(String serialPrefix, long serial) {
        return String.format("%s-%09d", serialPrefix, serial);
    }

    public boolean contains(long serial) {
        return first <= serial && serial <= last;
    }
}
