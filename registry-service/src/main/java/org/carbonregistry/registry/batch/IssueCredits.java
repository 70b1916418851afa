package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.time.LocalDate;
import java.util.List;

public record IssueCredits(@TargetAggregateIdentifier String batchId, String projectId, LocalDate vintageStart,
                           LocalDate vintageEnd, long quantity, String toAccount, List<String> labels,
                           boolean correspondingAdjustment, String externalSerials, Actor actor)
        implements ActorCommand {

    /** An issuance of this registry's own: no other programme's serials. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, null,
                actor);
    }
}
