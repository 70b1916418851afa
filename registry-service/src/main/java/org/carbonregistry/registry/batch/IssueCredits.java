package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.events.Article6;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code article6} is optional (null: the boolean alone speaks); {@code bufferPercent} is optional: null (or zero)
 * sends nothing to the buffer.
 */
public record IssueCredits(@TargetAggregateIdentifier String batchId, String projectId, LocalDate vintageStart,
                           LocalDate vintageEnd, long quantity, String toAccount, List<String> labels,
                           boolean correspondingAdjustment, Actor actor, Article6 article6,
                           BigDecimal bufferPercent) implements ActorCommand {

    /** An issuance without Article 6 fields nor buffer: the boolean alone says whether an adjustment is pending. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, null);
    }

    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        Article6 article6) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                article6, null);
    }

    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        BigDecimal bufferPercent) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, bufferPercent);
    }
}
