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
        return String.format("%s-%09d-%09d", serialPrefix, first, last);
    }
}
