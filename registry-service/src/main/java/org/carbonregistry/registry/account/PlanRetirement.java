package org.carbonregistry.registry.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

/**
 * {@code note} is optional free text; the salt of its commitment is drawn by the caller so the decision stays
 * deterministic. The text itself is kept apart ({@link AccountTexts}), never in the event.
 */
public record PlanRetirement(@TargetAggregateIdentifier String accountId, String planId, long quantity,
                             Integer plannedYear, Boolean basedOnExistingContracts, String note, String noteSalt,
                             Actor actor) implements ActorCommand {

    @Override
    public String toString() {
        // The note may be personal data: it stays out of logs that print the command.
        return "PlanRetirement[accountId=" + accountId + ", planId=" + planId + ", quantity=" + quantity
                + ", plannedYear=" + plannedYear + ", basedOnExistingContracts=" + basedOnExistingContracts
                + ", actor=" + actor + "]";
    }
}
