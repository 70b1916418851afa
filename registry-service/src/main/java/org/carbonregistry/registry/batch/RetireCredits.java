package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.commandqueue.GroupCommitted;

/**
 * {@code jurisdiction} may be null: the claim is then made in the retiring account's jurisdiction. The salts
 * (base64, 32 random bytes each) are drawn by the caller, so the aggregate's decision stays deterministic; the
 * event carries only the commitments to beneficiary and purpose, the text and salts are kept apart
 * ({@link RetirementPersonalDataStore}) where they can be erased.
 */
public record RetireCredits(@TargetAggregateIdentifier String batchId, String account, long quantity,
                            String beneficiary, String purpose, String beneficiarySalt, String purposeSalt,
                            int reportingYear, String jurisdiction, Actor actor) implements ActorCommand, GroupCommitted {

    @Override
    public String toString() {
        // Personal data stays out of logs and exception messages that print the command.
        return "RetireCredits[batchId=" + batchId + ", account=" + account + ", quantity=" + quantity
                + ", reportingYear=" + reportingYear + ", jurisdiction=" + jurisdiction + ", actor=" + actor + "]";
    }
}
