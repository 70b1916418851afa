package org.carbonregistry.registry.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.events.ClaimType;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.time.LocalDate;
import java.util.List;

/** Like {@link PlanRetirement}'s note, the statement stays off the log: the event carries its commitment. */
public record MakeClaim(@TargetAggregateIdentifier String accountId, String claimId, ClaimType type,
                        LocalDate periodStart, LocalDate periodEnd, String statement, String statementSalt,
                        List<String> retirementIds, Actor actor) implements ActorCommand {

    @Override
    public String toString() {
        return "MakeClaim[accountId=" + accountId + ", claimId=" + claimId + ", type=" + type + ", periodStart="
                + periodStart + ", periodEnd=" + periodEnd + ", retirementIds=" + retirementIds + ", actor=" + actor + "]";
    }
}
