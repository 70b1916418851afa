package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.Article6;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BatchInvalidated.CancelledHolding;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.label.Labels;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Commitments;
import org.carbonregistry.registry.rules.Countries;
import org.carbonregistry.registry.rules.Quantities;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.rules.Text;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One issuance of credits from one project and vintage: the consistency boundary of the registry. It owns who
 * holds which serials, so a serial is held by exactly one account, or is retired, cancelled or invalidated, never two.
 */
// Revision 2 added the retirements and erasures, 3 the invalidation, the buffer and the expiry, 4 the Article 6 state
// (authorisation, host country, first international transfer), 5 kept the count of retirements instead of their ids
// (RetirementRecords): snapshots of an earlier revision are ignored, the events replayed.
@Revision("5")
@Aggregate(snapshotTriggerDefinition = "creditBatchSnapshotTrigger", cache = "creditBatchCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class CreditBatch {

    static final int EARLIEST_VINTAGE_YEAR = 1990;
    /** Verra's serial ranges run to about 80 characters; room for longer ones, far below the event size cap. */
    static final int MAX_EXTERNAL_SERIALS = 200;

    @AggregateIdentifier
    private String batchId;
    private String serialPrefix;
    private boolean frozen;
    private long issued;
    private long retired;
    private long cancelled;
    /** Credits that were held when the batch was invalidated and were cancelled by it: apart from {@code cancelled}. */
    private long invalidated;
    private boolean invalidatedBatch;
    private Holdings holdings = new Holdings();
    /** How many retirements were made from it; which ones, the retirement records know (RetirementRecords). */
    private long retirements;
    /** retirement id -> when its personal data was erased */
    private Map<String, Instant> erasures = new HashMap<>();
    /**
     * Temporary removals only: the day the credits still held expire (at its start, UTC). A snapshot of a batch
     * written before expiry existed lacks these fields, and such a batch never expires: the defaults are right.
     */
    private LocalDate expiresOn;
    private long expired;
    /** When the batch expired (its {@code CreditsExpired}); null before */
    private Instant expiredAt;
    private String projectCountry;
    private Article6 article6 = Article6.NOT_AUTHORIZED;
    /** whether a transfer between accounts of different jurisdictions happened; the first one is flagged */
    private boolean internationallyTransferred;

    protected CreditBatch() {
    }

    @CommandHandler
    public CreditBatch(IssueCredits command, Directory directory, Labels vocabulary, SerialNumbers serialNumbers,
                       Stamps stamps) {
        command.actor().requireAdmin("issue credits");
        Quantities.requireValid(command.quantity());
        var project = directory.project(command.projectId())
                .orElseThrow(() -> CommandRefused.unprocessable("project " + command.projectId() + " does not exist"));
        requireVintage(command.vintageStart(), command.vintageEnd(), stamps);
        requireHolder(directory, command.toAccount());
        List<String> labels = requireLabels(command.labels(), vocabulary);
        Article6 article6 = Article6Rules.atIssuance(command.article6(), command.correspondingAdjustment(),
                project.country());
        BigDecimal bufferPercent = BufferPool.requirePercent(command.bufferPercent());
        long buffered = bufferPercent == null ? 0 : BufferPool.share(command.quantity(), bufferPercent);
        if (buffered > 0 && directory.account(BufferPool.ACCOUNT).isEmpty()) {
            throw CommandRefused.unprocessable("the registry's buffer account " + BufferPool.ACCOUNT + " is not open");
        }
        requireExpiry(project.benefitType(), project.projectId(), command.expiresOn(), stamps);
        String externalSerials = command.externalSerials() == null ? null
                : Text.require(command.externalSerials(), "externalSerials", MAX_EXTERNAL_SERIALS);

        long first = serialNumbers.reserve(command.quantity());
        var event = new CreditsIssued(stamps.newId(), stamps.now(), command.batchId(), project.projectId(),
                project.standard(), project.country(), project.category(), project.removalSink(),
                command.vintageStart(), command.vintageEnd(), command.quantity(), command.toAccount(),
                serialPrefix(project.standard().name(), project.projectId(), command.vintageStart()),
                List.of(new SerialBlock(first, first + command.quantity() - 1)), labels,
                article6.authorized(), project.benefitType(), command.expiresOn(),
                Article6Rules.unlessImplied(article6, project.country()), externalSerials);
        apply(event);
        if (buffered > 0) {
            apply(new BufferContributed(stamps.newId(), stamps.now(), command.batchId(), project.projectId(),
                    command.toAccount(), BufferPool.ACCOUNT, bufferPercent.toPlainString(), buffered,
                    BufferPool.topOf(event.serialBlocks().get(0), buffered)));
        }
    }

    /**
     * This batch's part of a project's reversal: cancels the lowest serials the buffer holds of it. Only the
     * buffer's credits are touched; {@link ProjectReversals} decides how much each batch gives.
     */
    @CommandHandler
    public CreditsMoved handle(CompensateReversal command, Stamps stamps) {
        command.actor().requireAdmin("compensate reversals");
        requireMovable(command.quantity());
        long held = holdings.held(BufferPool.ACCOUNT);
        if (held < command.quantity()) {
            throw CommandRefused.unprocessable("the buffer holds " + held + " credits of batch " + batchId
                    + ", fewer than the " + command.quantity() + " to cancel");
        }
        List<SerialBlock> blocks = holdings.lowest(BufferPool.ACCOUNT, command.quantity());
        var event = new ReversalCompensated(stamps.newId(), stamps.now(), batchId, command.projectId(),
                command.reversalId(), BufferPool.ACCOUNT, command.quantity(), blocks, command.reversalQuantity(),
                command.occurredOn(), command.reason());
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, blocks, null);
    }

    @CommandHandler
    public CreditsMoved handle(TransferCredits command, Directory directory, Stamps stamps) {
        command.actor().requireActingFor(command.from(), "transfer credits");
        requireMovable(command.quantity());
        requireNotExpired(stamps);
        if (command.from().equals(command.to())) {
            throw CommandRefused.invalid("from and to are the same account");
        }
        requireHolder(directory, command.to());
        List<SerialBlock> blocks = takeLowest(command.from(), command.quantity());
        // Only authorised units have a first transfer in the Article 6 sense; other batches skip the look-up.
        Boolean firstInternational = internationallyTransferred || !article6.authorized() ? null
                : Article6Rules.international(directory, command.from(), command.to());
        var event = new CreditsTransferred(stamps.newId(), stamps.now(), batchId, command.from(), command.to(),
                command.quantity(), blocks, firstInternational);
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, blocks, null);
    }

    @CommandHandler
    public CreditsMoved handle(RetireCredits command, Directory directory, Stamps stamps) {
        command.actor().requireActingFor(command.account(), "retire credits");
        requireMovable(command.quantity());
        requireNotExpired(stamps);
        String beneficiary = Text.require(command.beneficiary(), "beneficiary", 200);
        String purpose = Text.require(command.purpose(), "purpose", 500);
        int thisYear = LocalDate.ofInstant(stamps.now(), ZoneOffset.UTC).getYear();
        if (command.reportingYear() < EARLIEST_VINTAGE_YEAR || command.reportingYear() > thisYear + 1) {
            throw CommandRefused.invalid("reportingYear must be from " + EARLIEST_VINTAGE_YEAR + " to "
                    + (thisYear + 1) + ", was " + command.reportingYear());
        }
        String jurisdiction = command.jurisdiction() != null
                ? Countries.requireIso(command.jurisdiction(), "jurisdiction")
                : directory.account(command.account()).map(AccountEntry::jurisdiction)
                        .orElseThrow(() -> CommandRefused.unprocessable("account " + command.account() + " does not exist"));
        List<SerialBlock> blocks = takeLowest(command.account(), command.quantity());
        var event = new CreditsRetired(stamps.newId(), stamps.now(), batchId, stamps.newId().toString(),
                command.account(), command.quantity(), blocks,
                Commitments.of(beneficiary, command.beneficiarySalt(), "beneficiarySalt"),
                Commitments.of(purpose, command.purposeSalt(), "purposeSalt"), command.reportingYear(), jurisdiction);
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, blocks, event.retirementId());
    }

    /**
     * Erasure is not a move of credits, so a frozen batch allows it; erasing twice changes nothing and answers
     * with the first erasure.
     */
    @CommandHandler
    public PersonalDataErasure handle(ErasePersonalData command, Stamps stamps, RetirementRecords records) {
        command.actor().requireAdmin("erase personal data");
        if (!records.retiredFrom(batchId, command.retirementId())) {
            throw CommandRefused.notFound("batch " + batchId + " has no retirement " + command.retirementId());
        }
        Instant erasedBefore = erasures.get(command.retirementId());
        if (erasedBefore != null) {
            return new PersonalDataErasure(command.retirementId(), erasedBefore);
        }
        var event = new PersonalDataErased(stamps.newId(), stamps.now(), batchId, command.retirementId());
        apply(event);
        return new PersonalDataErasure(command.retirementId(), event.occurredAt());
    }

    @CommandHandler
    public CreditsMoved handle(CancelCredits command, Stamps stamps) {
        command.actor().requireActingFor(command.account(), "cancel credits");
        requireMovable(command.quantity());
        requireNotExpired(stamps);
        String reason = Text.require(command.reason(), "reason", 500);
        List<SerialBlock> blocks = takeLowest(command.account(), command.quantity());
        var event = new CreditsCancelled(stamps.newId(), stamps.now(), batchId, command.account(),
                command.quantity(), blocks, reason);
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, blocks, null);
    }

    /**
     * Takes every held credit out of circulation at once, whatever state the batch is in (a frozen batch is the usual
     * one: frozen while investigated, then invalidated). Retired credits stay retired; reports flag them.
     */
    @CommandHandler
    public BatchInvalidation handle(InvalidateBatch command, Stamps stamps) {
        command.actor().requireAdmin("invalidate batches");
        if (invalidatedBatch) {
            throw CommandRefused.conflict("batch " + batchId + " is already invalidated");
        }
        String reason = Text.require(command.reason(), "reason", 500);
        var cancelledHoldings = new ArrayList<CancelledHolding>();
        holdings.byAccount().forEach((account, blocks) -> cancelledHoldings.add(new CancelledHolding(account,
                blocks.stream().mapToLong(SerialBlock::quantity).sum(), blocks)));
        long quantity = cancelledHoldings.stream().mapToLong(CancelledHolding::quantity).sum();
        var event = new BatchInvalidated(stamps.newId(), stamps.now(), batchId, reason, quantity,
                List.copyOf(cancelledHoldings));
        apply(event);
        return new BatchInvalidation(batchId, event.eventId(), serialPrefix, reason, quantity, event.cancelled(),
                Math.toIntExact(retirements));
    }

    @CommandHandler
    public CreditsMoved handle(FreezeBatch command, Stamps stamps) {
        command.actor().requireAdmin("freeze batches");
        requireNotInvalidated();
        if (frozen) {
            throw CommandRefused.conflict("batch " + batchId + " is already frozen");
        }
        var event = new BatchFrozen(stamps.newId(), stamps.now(), batchId, Text.require(command.reason(), "reason", 500));
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, List.of(), null);
    }

    @CommandHandler
    public CreditsMoved handle(UnfreezeBatch command, Stamps stamps) {
        command.actor().requireAdmin("unfreeze batches");
        requireNotInvalidated();
        if (!frozen) {
            throw CommandRefused.conflict("batch " + batchId + " is not frozen");
        }
        var event = new BatchUnfrozen(stamps.newId(), stamps.now(), batchId, Text.require(command.reason(), "reason", 500));
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, List.of(), null);
    }

    /**
     * Expires what is still held, once the expiry date has come. A batch whose credits were all retired or
     * cancelled still records its (empty) expiry, so the log says that the date passed; expiring again changes
     * nothing and answers null. Frozen or not, time passes.
     */
    @CommandHandler
    public CreditsMoved handle(ExpireCredits command, Stamps stamps) {
        command.actor().requireAdmin("expire credits");
        if (expiresOn == null) {
            throw CommandRefused.conflict("batch " + batchId + " has no expiry date: it is not a temporary removal");
        }
        if (expiredAt != null || invalidatedBatch) {
            return null; // expired once, or invalidated before: nothing is left to expire
        }
        if (stamps.now().isBefore(expiryInstant())) {
            throw CommandRefused.conflict("batch " + batchId + " expires on " + expiresOn + ", not before");
        }
        var expiredHoldings = new ArrayList<CreditsExpired.ExpiredHolding>();
        holdings.byAccount().forEach((account, blocks) -> expiredHoldings.add(new CreditsExpired.ExpiredHolding(account,
                blocks.stream().mapToLong(SerialBlock::quantity).sum(), blocks)));
        var event = new CreditsExpired(stamps.newId(), stamps.now(), batchId, expiresOn,
                expiredHoldings.stream().mapToLong(CreditsExpired.ExpiredHolding::quantity).sum(), expiredHoldings);
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix,
                expiredHoldings.stream().flatMap(h -> h.serialBlocks().stream()).toList(), null);
    }

    /** Expired credits can no longer move, also between the expiry date and the {@code CreditsExpired} it brings. */
    private void requireNotExpired(Stamps stamps) {
        if (expiredAt != null || (expiresOn != null && !stamps.now().isBefore(expiryInstant()))) {
            throw CommandRefused.conflict("the credits of batch " + batchId + " expired on " + expiresOn
                    + " (a temporary removal): expired credits can no longer be transferred, retired or cancelled");
        }
    }

    private Instant expiryInstant() {
        return expiresOn.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A temporary removal must say when its credits expire, a day still to come; nothing else expires. */
    private static void requireExpiry(BenefitType benefitType, String projectId, LocalDate expiresOn, Stamps stamps) {
        if (benefitType == BenefitType.TEMPORARY_REMOVAL) {
            if (expiresOn == null) {
                throw CommandRefused.unprocessable("project " + projectId + " is a TEMPORARY_REMOVAL project:"
                        + " its batches must carry expiresOn (yyyy-MM-dd), the day their credits expire");
            }
            LocalDate today = LocalDate.ofInstant(stamps.now(), ZoneOffset.UTC);
            if (!expiresOn.isAfter(today)) {
                throw CommandRefused.unprocessable("expiresOn " + expiresOn + " is not after today (" + today
                        + ", UTC): credits cannot be issued already expired");
            }
        } else if (expiresOn != null) {
            throw CommandRefused.unprocessable("project " + projectId + " is a " + benefitType + " project: only"
                    + " batches of TEMPORARY_REMOVAL projects expire, so expiresOn must not be given");
        }
    }

    @CommandHandler
    public Article6Changed handle(ChangeAuthorization command, Stamps stamps) {
        command.actor().requireAdmin("change the Article 6 authorisation of batches");
        requireNotInvalidated("its Article 6 authorisation no longer changes");
        requireUnfrozen("its Article 6 authorisation cannot change");
        Article6 next = Article6Rules.changed(article6, command, projectCountry);
        var event = new AuthorizationChanged(stamps.newId(), stamps.now(), batchId, next.authorization(),
                next.authorizationId(), next.hostParty(), next.correspondingAdjustment(),
                Text.require(command.reason(), "reason", 500));
        apply(event);
        return new Article6Changed(batchId, event.eventId(), article6);
    }

    @CommandHandler
    public Article6Changed handle(ApplyCorrespondingAdjustment command, Stamps stamps) {
        command.actor().requireAdmin("record corresponding adjustments");
        requireNotInvalidated("its corresponding adjustment no longer changes");
        requireUnfrozen("its corresponding adjustment cannot change");
        Article6Rules.requireApplicable(article6, command.status());
        var event = new CorrespondingAdjustmentApplied(stamps.newId(), stamps.now(), batchId,
                Text.require(command.reference(), "reference", 500));
        apply(event);
        return new Article6Changed(batchId, event.eventId(), article6);
    }

    private void requireUnfrozen(String consequence) {
        if (frozen) {
            throw CommandRefused.conflict("batch " + batchId + " is frozen: " + consequence);
        }
    }

    private void requireMovable(long quantity) {
        Quantities.requireValid(quantity);
        requireNotInvalidated();
        if (frozen) {
            throw CommandRefused.conflict("batch " + batchId + " is frozen: no credits of it can move");
        }
    }

    /** An invalidated batch is final: nothing of it moves and its status no longer changes. */
    private void requireNotInvalidated() {
        requireNotInvalidated("no credits of it can move");
    }

    private void requireNotInvalidated(String consequence) {
        if (invalidatedBatch) {
            throw CommandRefused.conflict("batch " + batchId + " is invalidated: " + consequence);
        }
    }

    private List<SerialBlock> takeLowest(String account, long quantity) {
        if (BufferPool.ACCOUNT.equals(account)) {
            throw CommandRefused.conflict("the buffer's credits move only to compensate a reversal of their project");
        }
        long held = holdings.held(account);
        if (held < quantity) {
            throw CommandRefused.unprocessable("account " + account + " holds " + held + " credits of batch "
                    + batchId + ", fewer than the " + quantity + " requested");
        }
        return holdings.lowest(account, quantity);
    }


    private static void requireHolder(Directory directory, String accountId) {
        var account = directory.account(accountId)
                .orElseThrow(() -> CommandRefused.unprocessable("account " + accountId + " does not exist"));
        if (BufferPool.ACCOUNT.equals(accountId)) {
            throw CommandRefused.unprocessable("the buffer account receives credits only as a share of an issuance"
                    + " (bufferPercent)");
        }
        if (account.type() == AccountType.AUDITOR) {
            throw CommandRefused.unprocessable("account " + accountId + " is an AUDITOR account and cannot hold credits");
        }
    }

    private static void requireVintage(LocalDate start, LocalDate end, Stamps stamps) {
        if (start == null || end == null) {
            throw CommandRefused.invalid("vintageStart and vintageEnd are required (yyyy-MM-dd)");
        }
        if (end.isBefore(start)) {
            throw CommandRefused.invalid("vintageEnd " + end + " is before vintageStart " + start);
        }
        if (start.getYear() < EARLIEST_VINTAGE_YEAR) {
            throw CommandRefused.invalid("vintageStart must not be before " + EARLIEST_VINTAGE_YEAR);
        }
        if (end.isAfter(LocalDate.ofInstant(stamps.now(), ZoneOffset.UTC))) {
            throw CommandRefused.invalid("vintageEnd " + end + " is in the future: credits are issued for past mitigation");
        }
    }

    /**
     * Every label must be in the vocabulary. The vocabulary is read from a table written in the same transaction
     * that stores each {@code LabelRegistered}, and labels are only ever added, never withdrawn: so a label seen
     * here is registered for good, and a registration racing this issuance can only make it refuse a label that
     * a moment later exists (the caller retries), never accept one that does not.
     */
    private static List<String> requireLabels(List<String> labels, Labels vocabulary) {
        if (labels == null) {
            return List.of();
        }
        var unique = new LinkedHashSet<String>();
        for (String label : labels) {
            if (!vocabulary.exists(label)) {
                throw CommandRefused.unprocessable("label '" + label + "' is not in the registry's label vocabulary;"
                        + " GET " + Labels.LISTED_AT + " lists the labels a batch may carry");
            }
            unique.add(label);
        }
        return List.copyOf(unique);
    }

    /** e.g. {@code VCS-1A2B3C4D-2023}: standard, project and vintage, readable on every serial block. */
    static String serialPrefix(String standard, String projectId, LocalDate vintageStart) {
        String project = projectId.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        return standard + "-" + project.substring(0, Math.min(8, project.length())) + "-" + vintageStart.getYear();
    }

    @EventSourcingHandler
    void on(CreditsIssued event) {
        batchId = event.batchId();
        serialPrefix = event.serialPrefix();
        issued = event.quantity();
        expiresOn = event.expiresOn();
        projectCountry = event.projectCountry();
        article6 = Article6.of(event);
        holdings.add(event.toAccount(), event.serialBlocks());
        checkConservation();
    }

    @EventSourcingHandler
    void on(CreditsTransferred event) {
        if (Boolean.TRUE.equals(event.firstInternationalTransfer())) {
            internationallyTransferred = true;
        }
        holdings.remove(event.from(), event.serialBlocks());
        holdings.add(event.to(), event.serialBlocks());
        checkConservation();
    }

    @EventSourcingHandler
    void on(CreditsRetired event) {
        holdings.remove(event.account(), event.serialBlocks());
        retired += event.quantity();
        retirements++;
        checkConservation();
    }

    @EventSourcingHandler
    void on(PersonalDataErased event) {
        erasures.put(event.retirementId(), event.occurredAt());
    }

    @EventSourcingHandler
    void on(CreditsCancelled event) {
        holdings.remove(event.account(), event.serialBlocks());
        cancelled += event.quantity();
        checkConservation();
    }

    @EventSourcingHandler
    void on(BatchInvalidated event) {
        for (CancelledHolding holding : event.cancelled()) {
            holdings.remove(holding.account(), holding.serialBlocks());
        }
        invalidated += event.quantity();
        invalidatedBatch = true;
        checkConservation();
    }

    @EventSourcingHandler
    void on(BufferContributed event) {
        holdings.remove(event.from(), event.serialBlocks());
        holdings.add(event.bufferAccount(), event.serialBlocks());
        checkConservation();
    }

    @EventSourcingHandler
    void on(ReversalCompensated event) {
        holdings.remove(event.bufferAccount(), event.serialBlocks());
        cancelled += event.quantity();
        checkConservation();
    }

    @EventSourcingHandler
    void on(CreditsExpired event) {
        event.expired().forEach(holding -> holdings.remove(holding.account(), holding.serialBlocks()));
        expired += event.quantity();
        expiredAt = event.occurredAt();
        checkConservation();
    }

    @EventSourcingHandler
    void on(BatchFrozen event) {
        frozen = true;
    }

    @EventSourcingHandler
    void on(AuthorizationChanged event) {
        article6 = Article6.of(event);
    }

    @EventSourcingHandler
    void on(CorrespondingAdjustmentApplied event) {
        article6 = article6.applied();
    }

    @EventSourcingHandler
    void on(BatchUnfrozen event) {
        frozen = false;
    }

    /** The invariant above all: issued = held + retired + cancelled + invalidated + expired, after every event. */
    private void checkConservation() {
        long held = holdings.heldByAll();
        if (held + retired + cancelled + invalidated + expired != issued) {
            throw new IllegalStateException("batch " + batchId + " breaks conservation: held " + held + " + retired "
                    + retired + " + cancelled " + cancelled + " + invalidated " + invalidated
                    + (expiresOn != null ? " + expired " + expired : "") + " != issued " + issued);
        }
    }
}
