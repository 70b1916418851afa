package org.carbonregistry.registry.rules;

/** Quantities are whole tonnes of CO2e: one credit, one tonne, one serial number. */
public final class Quantities {

    /** No batch is larger than a billion tonnes; a larger number is a typo or an attack. */
    public static final long MAX_TONNES = 1_000_000_000L;

    private Quantities() {
    }

    public static void requireValid(long quantity) {
        if (quantity < 1 || quantity > MAX_TONNES) {
            throw CommandRefused.invalid("quantity must be a whole number of tonnes from 1 to " + MAX_TONNES
                    + ", was " + quantity);
        }
    }
}
