package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.Article6;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.ProjectRegistered;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.RetirementPlanWithdrawn;
import org.carbonregistry.events.RetirementPlanned;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns consumed records into projection changes. Pure: it reads and writes only the {@link ProjectionChanges}
 * it is given, so it can be fed envelopes directly in tests and benchmarks.
 *
 * <p>Only the registry writes history: a record whose bytes do not carry a valid signature of a trusted registry
 * key is quarantined (reason {@value EnvelopeVerifier#REASON}) before anything else is read from it, and never
 * projected; the consumer's position still moves past it.
 *
 * <p>Idempotent by event id: a redelivered event only moves the consumer's position on. The registry is the
 * authority on what happened, so an event that does not fit what was projected before (serials not held, an
 * unknown batch) is still recorded as a fact and noted as an anomaly rather than stopping the consumer.
 */
public final class Projector {

    /**
     * A consumed record read as far as possible: an event, an envelope of an unknown type, or nothing; or a record
     * without a valid registry signature ({@code signatureProblem} set), which is read no further.
     */
    public record ParsedRecord(ConsumedRecord record, EventEnvelope envelope, RegistryEvent event, String leafHash,
                               String problem, String signatureProblem) {

        public UUID eventId() {
            return envelope == null || signatureProblem != null ? null : envelope.eventId();
        }

        public boolean quarantined() {
            return signatureProblem != null;
        }
    }

    private final EnvelopeVerifier registryKeys;

    /** @param registryKeys the registry keys whose signatures are trusted */
    public Projector(EnvelopeVerifier registryKeys) {
        this.registryKeys = Objects.requireNonNull(registryKeys, "registryKeys");
    }

    /** Checks a record's signature, then reads its envelope and event; never throws for bad input. */
    public ParsedRecord parse(ConsumedRecord record) {
        Optional<String> unsigned = record.value() == null
                ? Optional.of("the record has no value") : registryKeys.problem(record.signed());
        if (unsigned.isPresent()) {
            EventEnvelope claimed = null;
            try {
                claimed = EventEnvelope.fromCanonicalBytes(record.value());
            } catch (RuntimeException unreadable) {
                // Named in the quarantine if readable, never trusted.
            }
            return new ParsedRecord(record, claimed, null, null, null, unsigned.get());
        }
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.fromCanonicalBytes(Objects.requireNonNull(record.value(), "record value"));
        } catch (RuntimeException e) {
            return new ParsedRecord(record, null, null, null, "unreadable envelope: " + e.getMessage(), null);
        }
        String leafHash = leafHash(record.value());
        try {
            return new ParsedRecord(record, envelope, envelope.event(), leafHash, null, null);
        } catch (RuntimeException e) {
            return new ParsedRecord(record, envelope, null, leafHash,
                    "cannot project event type " + envelope.type() + ": " + e.getMessage(), null);
        }
    }

    /** Parses and applies a list of records as one unit on top of what {@code lookup} knows. */
    public ProjectionChanges project(List<ConsumedRecord> records, ProjectionLookup lookup) {
        return applyAll(records.stream().map(this::parse).toList(), lookup);
    }

    /** Applies parsed records as one unit on top of what {@code lookup} knows. */
    public ProjectionChanges applyAll(List<ParsedRecord> parsed, ProjectionLookup lookup) {
        ProjectionChanges changes = new ProjectionChanges(lookup,
                parsed.stream().map(ParsedRecord::eventId).filter(Objects::nonNull).toList());
        preload(parsed, changes);
        parsed.forEach(record -> apply(record, changes));
        return changes;
    }

    /**
     * Lets the unit read, at once, the batches and holdings that applying {@code parsed} will look up: the common
     * movements of credits. Whatever is not named here is still looked up when it is needed, one at a time.
     */
    private static void preload(List<ParsedRecord> parsed, ProjectionChanges changes) {
        Set<String> batches = new LinkedHashSet<>();
        Set<HoldingKey> holdings = new LinkedHashSet<>();
        for (ParsedRecord record : parsed) {
            RegistryEvent event = record.quarantined() ? null : record.event();
            if (event instanceof CreditsIssued issued) {
                batches.add(issued.batchId());
                holdings.add(new HoldingKey(issued.toAccount(), issued.batchId()));
            } else if (event instanceof CreditsTransferred transferred) {
                holdings.add(new HoldingKey(transferred.from(), transferred.batchId()));
                holdings.add(new HoldingKey(transferred.to(), transferred.batchId()));
            } else if (event instanceof CreditsRetired retired) {
                batches.add(retired.batchId());
                holdings.add(new HoldingKey(retired.account(), retired.batchId()));
            } else if (event instanceof CreditsCancelled cancelled) {
                batches.add(cancelled.batchId());
                holdings.add(new HoldingKey(cancelled.account(), cancelled.batchId()));
            } else if (event instanceof BatchFrozen frozen) {
                batches.add(frozen.batchId());
            } else if (event instanceof BatchUnfrozen unfrozen) {
                batches.add(unfrozen.batchId());
            }
        }
        changes.preload(batches, holdings);
    }

    public void apply(ParsedRecord parsed, ProjectionChanges changes) {
        ConsumedRecord record = parsed.record();
        EventEnvelope envelope = parsed.envelope();
        if (parsed.quarantined()) {
            changes.quarantine(new ProjectionChanges.QuarantineRow(record.partition(), record.offset(),
                    envelope == null ? null : envelope.eventId(), envelope == null ? null : envelope.type(),
                    record.keyId(), EnvelopeVerifier.REASON, parsed.signatureProblem()));
            changes.consumed(record.partition(), record.offset(), null, null);
            return;
        }
        if (envelope == null) {
            changes.anomaly(record.partition(), record.offset(), null, parsed.problem());
            changes.consumed(record.partition(), record.offset(), null, null);
            return;
        }
        changes.consumed(record.partition(), record.offset(), envelope.eventId(), envelope.occurredAt());
        if (!changes.firstSighting(envelope.eventId())) {
            return;
        }
        long seq = changes.nextSeq();
        changes.event(new ProjectionChanges.EventRow(envelope.eventId(), seq, envelope.type(), envelope.aggregateId(),
                envelope.sequence(), envelope.occurredAt(), envelope.actor(), record.partition(), record.offset(),
                parsed.leafHash()));
        if (parsed.event() == null) {
            changes.anomaly(record.partition(), record.offset(), envelope.eventId(), parsed.problem());
            return;
        }
        Anomalies anomalies = problem -> changes.anomaly(record.partition(), record.offset(), envelope.eventId(), problem);
        RegistryEvent event = parsed.event();
        if (event instanceof AccountOpened opened) {
            changes.account(new ProjectionChanges.AccountRow(opened.accountId(), opened.name(), opened.type().name(),
                    opened.jurisdiction(), envelope.occurredAt(), opened.eventId()));
        } else if (event instanceof ProjectRegistered registered) {
            changes.project(new ProjectionChanges.ProjectRow(registered.projectId(), registered.name(),
                    registered.standard().name(), registered.methodology(), registered.country(),
                    registered.category().name(), nameOf(registered.removalSink()), registered.type(),
                    registered.developerAccountId(), envelope.occurredAt(), registered.eventId()));
        } else if (event instanceof CreditsIssued issued) {
            issue(issued, envelope, changes, anomalies);
        } else if (event instanceof CreditsTransferred transferred) {
            String blocks = SerialBlocksText.format(transferred.serialBlocks());
            changes.transfer(new ProjectionChanges.TransferRow(transferred.eventId(), transferred.batchId(),
                    transferred.from(), transferred.to(), transferred.quantity(), blocks, envelope.occurredAt()));
            move(changes, transferred.batchId(), transferred.from(), transferred.to(), transferred.serialBlocks(), anomalies);
        } else if (event instanceof CreditsRetired retired) {
            changes.retirement(new ProjectionChanges.RetirementRow(retired.retirementId(), retired.eventId(), seq,
                    retired.batchId(), retired.account(), retired.quantity(),
                    SerialBlocksText.format(retired.serialBlocks()), retired.beneficiaryCommitment(),
                    retired.purposeCommitment(),
                    retired.reportingYear(), retired.jurisdiction(), envelope.occurredAt(), record.partition(),
                    record.offset(), parsed.leafHash()));
            move(changes, retired.batchId(), retired.account(), null, retired.serialBlocks(), anomalies);
            changes.batch(retired.batchId()).ifPresentOrElse(batch -> batch.addRetired(retired.quantity()),
                    () -> anomalies.note("retirement from unknown batch " + retired.batchId()));
        } else if (event instanceof CreditsCancelled cancelled) {
            changes.cancellation(new ProjectionChanges.CancellationRow(cancelled.eventId(), cancelled.batchId(),
                    cancelled.account(), cancelled.quantity(), SerialBlocksText.format(cancelled.serialBlocks()),
                    cancelled.reason(), envelope.occurredAt()));
            move(changes, cancelled.batchId(), cancelled.account(), null, cancelled.serialBlocks(), anomalies);
            changes.batch(cancelled.batchId()).ifPresentOrElse(batch -> batch.addCancelled(cancelled.quantity()),
                    () -> anomalies.note("cancellation from unknown batch " + cancelled.batchId()));
        } else if (event instanceof BatchInvalidated invalidated) {
            invalidate(invalidated, envelope, record, changes, anomalies);
        } else if (event instanceof BufferContributed contributed) {
            // the buffer's share is a move between accounts: the serial history shows it as its own event type
            changes.transfer(new ProjectionChanges.TransferRow(contributed.eventId(), contributed.batchId(),
                    contributed.from(), contributed.bufferAccount(), contributed.quantity(),
                    SerialBlocksText.format(contributed.serialBlocks()), envelope.occurredAt()));
            move(changes, contributed.batchId(), contributed.from(), contributed.bufferAccount(),
                    contributed.serialBlocks(), anomalies);
        } else if (event instanceof ReversalCompensated compensated) {
            // compensated credits are cancelled credits, reported where cancellations are, the reversal named
            changes.cancellation(new ProjectionChanges.CancellationRow(compensated.eventId(), compensated.batchId(),
                    compensated.bufferAccount(), compensated.quantity(),
                    SerialBlocksText.format(compensated.serialBlocks()), "reversal " + compensated.reversalId()
                    + " of " + compensated.occurredOn() + ": " + compensated.reason(), envelope.occurredAt()));
            move(changes, compensated.batchId(), compensated.bufferAccount(), null, compensated.serialBlocks(), anomalies);
            changes.batch(compensated.batchId()).ifPresentOrElse(batch -> batch.addCancelled(compensated.quantity()),
                    () -> anomalies.note("reversal compensated from unknown batch " + compensated.batchId()));
        } else if (event instanceof CreditsExpired expired) {
            for (CreditsExpired.ExpiredHolding holding : expired.expired()) {
                changes.expiration(new ProjectionChanges.ExpirationRow(expired.eventId(), expired.batchId(),
                        holding.account(), holding.quantity(), SerialBlocksText.format(holding.serialBlocks()),
                        expired.expiresOn(), envelope.occurredAt()));
                move(changes, expired.batchId(), holding.account(), null, holding.serialBlocks(), anomalies);
            }
            if (changes.batch(expired.batchId()).isEmpty()) {
                anomalies.note("expiry of unknown batch " + expired.batchId());
            }
        } else if (event instanceof BatchFrozen frozen) {
            changes.freeze(new ProjectionChanges.FreezeRow(frozen.eventId(), frozen.batchId(), true, frozen.reason(),
                    envelope.occurredAt()));
            changes.batch(frozen.batchId()).ifPresentOrElse(batch -> batch.setFrozen(true),
                    () -> anomalies.note("freeze of unknown batch " + frozen.batchId()));
        } else if (event instanceof PersonalDataErased erased) {
            changes.erasure(new ProjectionChanges.ErasureRow(erased.retirementId(), erased.eventId(), envelope.occurredAt()));
        } else if (event instanceof RetirementPlanned planned) {
            changes.plan(new ProjectionChanges.PlanRow(planned.planId(), planned.eventId(), planned.accountId(),
                    planned.quantity(), planned.plannedYear(), planned.basedOnExistingContracts(),
                    planned.noteCommitment(), envelope.occurredAt(), record.partition(), record.offset()));
        } else if (event instanceof RetirementPlanWithdrawn withdrawn) {
            changes.planWithdrawal(new ProjectionChanges.PlanWithdrawalRow(withdrawn.planId(), withdrawn.eventId(),
                    withdrawn.accountId(), envelope.occurredAt(), record.partition(), record.offset()));
        } else if (event instanceof ClaimMade claim) {
            changes.claim(new ProjectionChanges.ClaimRow(claim.claimId(), claim.eventId(), claim.accountId(),
                    claim.type().name(), claim.periodStart(), claim.periodEnd(), claim.statementCommitment(),
                    claim.tonnes(), envelope.occurredAt(), record.partition(), record.offset(), parsed.leafHash(),
                    claim.retirements().stream().map(r -> new ProjectionChanges.ClaimedRetirementRow(
                            r.retirementId(), r.eventId(), r.batchId(), r.quantity())).toList()));
        } else if (event instanceof BatchUnfrozen unfrozen) {
            changes.freeze(new ProjectionChanges.FreezeRow(unfrozen.eventId(), unfrozen.batchId(), false,
                    unfrozen.reason(), envelope.occurredAt()));
            changes.batch(unfrozen.batchId()).ifPresentOrElse(batch -> batch.setFrozen(false),
                    () -> anomalies.note("unfreeze of unknown batch " + unfrozen.batchId()));
        } else if (event instanceof AuthorizationChanged changed) {
            changes.batch(changed.batchId()).ifPresentOrElse(batch -> batch.setCorrespondingAdjustmentApplied(
                            changed.correspondingAdjustment() == CorrespondingAdjustmentStatus.APPLIED),
                    () -> anomalies.note("Article 6 authorisation of unknown batch " + changed.batchId()));
        } else if (event instanceof CorrespondingAdjustmentApplied applied) {
            changes.batch(applied.batchId()).ifPresentOrElse(batch -> batch.setCorrespondingAdjustmentApplied(true),
                    () -> anomalies.note("corresponding adjustment of unknown batch " + applied.batchId()));
        }
        // LabelRegistered changes no projection: it is kept in rpt_events, and reports split by the labels each
        // batch's CreditsIssued carries (free-form labels of batches issued before the vocabulary included).
    }

    private static void issue(CreditsIssued issued, EventEnvelope envelope, ProjectionChanges changes,
                              Anomalies anomalies) {
        if (changes.batch(issued.batchId()).isPresent()) {
            anomalies.note("batch " + issued.batchId() + " was issued before; this issuance is not projected");
            return;
        }
        List<String> labels = issued.labels() == null ? List.of() : issued.labels();
        changes.newBatch(new ProjectionChanges.BatchState(issued.batchId(), issued.projectId(),
                issued.standard().name(), issued.projectCountry(), issued.category().name(),
                nameOf(issued.removalSink()), issued.vintageStart(), issued.vintageEnd(), issued.serialPrefix(),
                // A batch's corresponding adjustment counts once applied: an issuance has it pending at most.
                String.join(",", labels),
                Article6.of(issued).correspondingAdjustment() == CorrespondingAdjustmentStatus.APPLIED, issued.quantity(),
                envelope.occurredAt(), issued.toAccount(), issued.eventId(), 0, 0, false, false));
        changes.issuance(new ProjectionChanges.IssuanceRow(issued.eventId(), issued.batchId(), issued.toAccount(),
                issued.quantity(), SerialBlocksText.format(issued.serialBlocks()), envelope.occurredAt(),
                issued.serialBlocks().stream().mapToLong(SerialBlock::first).min().orElse(0),
                issued.serialBlocks().stream().mapToLong(SerialBlock::last).max().orElse(0)));
        changes.holding(issued.toAccount(), issued.batchId()).add(issued.serialBlocks()).ifPresent(anomalies::note);
    }

    /**
     * Every holding it names leaves circulation as a cancellation under the invalidation's event id (so holdings,
     * serial histories and purchased-not-cancelled tonnes see it like any cancellation); the batch's retirements are
     * flagged through the invalidation row.
     */
    private static void invalidate(BatchInvalidated invalidated, EventEnvelope envelope, ConsumedRecord record,
                                   ProjectionChanges changes, Anomalies anomalies) {
        if (changes.batch(invalidated.batchId()).isEmpty()) {
            anomalies.note("invalidation of unknown batch " + invalidated.batchId());
        }
        changes.invalidation(new ProjectionChanges.InvalidationRow(invalidated.batchId(), invalidated.eventId(),
                invalidated.reason(), invalidated.quantity(), envelope.occurredAt(), record.partition(),
                record.offset()));
        for (BatchInvalidated.CancelledHolding holding : invalidated.cancelled()) {
            changes.cancellation(new ProjectionChanges.CancellationRow(invalidated.eventId(), invalidated.batchId(),
                    holding.account(), holding.quantity(), SerialBlocksText.format(holding.serialBlocks()),
                    invalidated.reason(), envelope.occurredAt()));
            move(changes, invalidated.batchId(), holding.account(), null, holding.serialBlocks(), anomalies);
        }
    }

    /** Takes the blocks from one holder and gives them to another ({@code to} null: out of circulation). */
    private static void move(ProjectionChanges changes, String batchId, String from, String to,
                             List<SerialBlock> blocks, Anomalies anomalies) {
        var taken = changes.holding(from, batchId).remove(blocks);
        if (taken.isPresent()) {
            anomalies.note(taken.get() + "; holdings left unchanged");
            return;
        }
        if (to != null) {
            changes.holding(to, batchId).add(blocks).ifPresent(anomalies::note);
        }
    }

    private static String nameOf(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** The ledger's leaf hash of the envelope: SHA-256(0x00 || canonical bytes), base64 as the ledger serves it. */
    public static String leafHash(byte[] canonicalBytes) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((byte) 0);
            return Base64.getEncoder().encodeToString(sha256.digest(canonicalBytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @FunctionalInterface
    private interface Anomalies {
        void note(String problem);
    }
}
