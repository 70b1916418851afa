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
 * sends nothing to the buffer; {@code expiresOn} is set for temporary removals only: null for a batch that does not
 * expire; {@code externalSerials} is set for batches imported from another programme's registry only.
 */
public record IssueCredits(@TargetAggregateIdentifier String batchId, String projectId, LocalDate vintageStart,
                           LocalDate vintageEnd, long quantity, String toAccount, List<String> labels,
                           boolean correspondingAdjustment, Actor actor, Article6 article6,
                           BigDecimal bufferPercent, LocalDate expiresOn, String externalSerials)
        implements ActorCommand {

    /** An issuance without Article 6 fields nor buffer, that does not expire. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, null, null, null);
    }

    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        Article6 article6) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                article6, null, null, null);
    }

    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        Article6 article6, BigDecimal bufferPercent) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                article6, bufferPercent, null, null);
    }

    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        BigDecimal bufferPercent) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, bufferPercent, null, null);
    }

    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, Actor actor,
                        LocalDate expiresOn) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, null, expiresOn, null);
    }

    /** A batch imported from another programme's registry, which keeps that registry's serial range. */
    public IssueCredits(String batchId, String projectId, LocalDate vintageStart, LocalDate vintageEnd, long quantity,
                        String toAccount, List<String> labels, boolean correspondingAdjustment, String externalSerials,
                        Actor actor) {
        this(batchId, projectId, vintageStart, vintageEnd, quantity, toAccount, labels, correspondingAdjustment, actor,
                null, null, null, externalSerials);
    }
}
