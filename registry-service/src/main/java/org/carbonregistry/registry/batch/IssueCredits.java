package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.events.Article6;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.time.LocalDate;
import java.util.List;

public record IssueCredits(@TargetAggregateIdentifier String batchId, String projectId, LocalDate vintageStart,
                           LocalDate vintageEnd, long quantity, String toAccount, List<String> labels,
                           boolean correspondingAdjustment, Actor actor, Article6 article6) implements ActorCommand {

    /** An issuance without Article 6 fields: the boolean alone says whether an adjustment is pending. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null);
    }
}
