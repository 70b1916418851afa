package org.carbonregistry.registry.batch;

import java.util.Optional;
import java.util.UUID;

/**
 * What an account may know of retirements made in the batches: who made one and how many tonnes it retired. These
 * facts never change once the retirement is stored, so reading them from the view written in the retirement's own
 * transaction is as good as asking the batch.
 */
public interface Retirements {

    record Retirement(String retirementId, String batchId, String accountId, UUID eventId, long quantity) {
    }

    Optional<Retirement> find(String retirementId);
}
