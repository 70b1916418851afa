package org.carbonregistry.registry.batch;

/**
 * The registry-wide serial number counter. A reservation joins the issuing transaction, so an issuance
 * that fails leaves no gap and two batches never share a serial.
 */
public interface SerialNumbers {

    /** Reserves {@code quantity} consecutive serials and returns the first. */
    long reserve(long quantity);
}
