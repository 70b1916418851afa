package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.PersonalDataErased;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One issuance of credits from one project and vintage: the consistency boundary of the registry. It owns who
 * holds which serials, so a serial is held by exactly one account, or is retired or cancelled, never two.
 */
// Revision 2 added the retirements and erasures: snapshots of an earlier revision are ignored, the events replayed.
@Revision("2")
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
    private Holdings holdings = new Holdings();
    private Set<String> retirements = new HashSet<>();
    /** retirement id -> when its personal data was erased */
    private Map<String, Instant> erasures = new HashMap<>();

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
        String externalSerials = command.externalSerials() == null ? null
                : Text.require(command.externalSerials(), "externalSerials", MAX_EXTERNAL_SERIALS);

        long first = serialNumbers.reserve(command.quantity());
        var event = new CreditsIssued(stamps.newId(), stamps.now(), command.batchId(), project.projectId(),
                project.standard(), project.country(), project.category(), project.removalSink(),
                command.vintageStart(), command.vintageEnd(), command.quantity(), command.toAccount(),
                serialPrefix(project.standard().name(), project.projectId(), command.vintageStart()),
                List.of(new SerialBlock(first, first + command.quantity() - 1)), labels,
                command.correspondingAdjustment(), externalSerials);
        apply(event);
    }

    @CommandHandler
    public CreditsMoved handle(TransferCredits command, Directory directory, Stamps stamps) {
        command.actor().requireActingFor(command.from(), "transfer credits");
        requireMovable(command.quantity());
        if (command.from().equals(command.to())) {
            throw CommandRefused.invalid("from and to are the same account");
        }
        requireHolder(directory, command.to());
        List<SerialBlock> blocks = takeLowest(command.from(), command.quantity());
        var event = new CreditsTransferred(stamps.newId(), stamps.now(), batchId, command.from(), command.to(),
                command.quantity(), blocks);
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, blocks, null);
    }

    @CommandHandler
    public CreditsMoved handle(RetireCredits command, Directory directory, Stamps stamps) {
        command.actor().requireActingFor(command.account(), "retire credits");
        requireMovable(command.quantity());
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
    public PersonalDataErasure handle(ErasePersonalData command, Stamps stamps) {
        command.actor().requireAdmin("erase personal data");
        if (!retirements.contains(command.retirementId())) {
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
        String reason = Text.require(command.reason(), "reason", 500);
        List<SerialBlock> blocks = takeLowest(command.account(), command.quantity());
        var event = new CreditsCancelled(stamps.newId(), stamps.now(), batchId, command.account(),
                command.quantity(), blocks, reason);
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, blocks, null);
    }

    @CommandHandler
    public CreditsMoved handle(FreezeBatch command, Stamps stamps) {
        command.actor().requireAdmin("freeze batches");
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
        if (!frozen) {
            throw CommandRefused.conflict("batch " + batchId + " is not frozen");
        }
        var event = new BatchUnfrozen(stamps.newId(), stamps.now(), batchId, Text.require(command.reason(), "reason", 500));
        apply(event);
        return new CreditsMoved(batchId, event.eventId(), serialPrefix, List.of(), null);
    }

    private void requireMovable(long quantity) {
        Quantities.requireValid(quantity);
        if (frozen) {
            throw CommandRefused.conflict("batch " + batchId + " is frozen: no credits of it can move");
        }
    }

    private List<SerialBlock> takeLowest(String account, long quantity) {
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
        holdings.add(event.toAccount(), event.serialBlocks());
        checkConservation();
    }

    @EventSourcingHandler
    void on(CreditsTransferred event) {
        holdings.remove(event.from(), event.serialBlocks());
        holdings.add(event.to(), event.serialBlocks());
        checkConservation();
    }

    @EventSourcingHandler
    void on(CreditsRetired event) {
        holdings.remove(event.account(), event.serialBlocks());
        retired += event.quantity();
        retirements.add(event.retirementId());
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
    void on(BatchFrozen event) {
        frozen = true;
    }

    @EventSourcingHandler
    void on(BatchUnfrozen event) {
        frozen = false;
    }

    /** The invariant above all: issued = held + retired + cancelled, after every event. */
    private void checkConservation() {
        long held = holdings.heldByAll();
        if (held + retired + cancelled != issued) {
            throw new IllegalStateException("batch " + batchId + " breaks conservation: held " + held + " + retired "
                    + retired + " + cancelled " + cancelled + " != issued " + issued);
        }
    }
}
