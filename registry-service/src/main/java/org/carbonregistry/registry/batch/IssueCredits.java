package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** {@code bufferPercent} is optional: null (or zero) sends nothing to the buffer. */
public record IssueCredits(@TargetAggregateIdentifier String batchId, String projectId, LocalDate vintageStart,
                           LocalDate vintageEnd, long quantity, String toAccount, List<String> labels,
                           boolean correspondingAdjustment, Actor actor, BigDecimal bufferPercent)
        implements ActorCommand {

    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null);
    }
}
