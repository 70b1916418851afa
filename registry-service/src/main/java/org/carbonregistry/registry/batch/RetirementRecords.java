package org.carbonregistry.registry.batch;

/**
 * Which batch a retirement was made from, as the public retirement records say. They are written in the transaction
 * that stores the retirement (and backfilled before requests are served), so a batch can ask here instead of keeping
 * every retirement id it ever made in its own state, which grew every snapshot with the batch's history.
 */
public interface RetirementRecords {

    boolean retiredFrom(String batchId, String retirementId);
}
