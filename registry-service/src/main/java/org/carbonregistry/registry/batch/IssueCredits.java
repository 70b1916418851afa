package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code bufferPercent} is optional: null (or zero) sends nothing to the buffer. {@code expiresOn} is set for
 * temporary removals only: null for a batch that does not expire.
 */
public record IssueCredits(@TargetAggregateIdentifier String batchId, String projectId, LocalDate vintageStart,
                           LocalDate vintageEnd, long quantity, String toAccount, List<String> labels,
                           boolean correspondingAdjustment, Actor actor, BigDecimal bufferPercent,
                           LocalDate expiresOn) implements ActorCommand {

    /** A batch that does not expire and gives nothing to the buffer. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, null);
    }

    /** A batch that does not expire. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        BigDecimal bufferPercent) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                bufferPercent, null);
    }

    /** A batch that gives nothing to the buffer. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        LocalDate expiresOn) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, expiresOn);
    }
}
