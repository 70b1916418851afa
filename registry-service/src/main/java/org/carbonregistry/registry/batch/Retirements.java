package org.carbonregistry.registry.batch;

import java.util.Optional;
import java.util.UUID;

/**
 * What an account may know of retirements made in the batches: who made one and how many tonnes it retired. These
 * facts never change once the retirement is stored, so reading them from the view written in the retirement's own
 * transaction is as good as asking the batch. {@code batchInvalidation} is the exception: the reason the batch was
 * invalidated, null while it is valid, as of the last committed invalidation (one committing at the same moment as a
 * claim may be missed; the claim is then flagged as needing replacement like every claim made before it).
 */
public interface Retirements {

    record Retirement(String retirementId, String batchId, String accountId, UUID eventId, long quantity,
                      String batchInvalidation) {
    }

    Optional<Retirement> find(String retirementId);
}
