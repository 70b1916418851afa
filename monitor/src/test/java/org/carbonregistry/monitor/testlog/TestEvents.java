package org.carbonregistry.monitor.testlog;

import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BatchInvalidated.CancelledHolding;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.ClaimType;
import org.carbonregistry.events.ClaimedRetirement;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.LabelRegistered;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.events.RetirementPlanWithdrawn;
import org.carbonregistry.events.RetirementPlanned;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes envelopes as registry-service would, each aggregate numbering its events from 0, with the serial blocks
 * given explicitly, so a test can write both honest histories and precisely wrong ones.
 */
public final class TestEvents {

    private static final String COMMITMENT = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private final Map<String, Long> sequences = new HashMap<>();
    private Instant clock = Instant.parse("2026-01-02T03:04:05.000Z");

    public EventEnvelope account(String accountId) {
        return envelope(accountId, new AccountOpened(UUID.randomUUID(), now(), accountId, "Org " + accountId,
                AccountType.CORPORATE, "DE"));
    }

    public EventEnvelope issue(String batchId, String toAccount, long first, long quantity) {
        return issue(batchId, toAccount, first, quantity, List.of());
    }

    public EventEnvelope issue(String batchId, String toAccount, long first, long quantity, List<String> labels) {
        return envelope(batchId, new CreditsIssued(UUID.randomUUID(), now(), batchId, "project-1", Standard.VCS, "BR",
                ProjectCategory.REDUCTION, null, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), quantity,
                toAccount, "VCS-PROJECT1-2023", blocks(first, quantity), labels, false));
    }

    /** A batch of an EU CRCF temporary removal, which expires at the start of {@code expiresOn} (UTC). */
    public EventEnvelope issueTemporary(String batchId, String toAccount, long first, long quantity, LocalDate expiresOn) {
        return envelope(batchId, new CreditsIssued(UUID.randomUUID(), now(), batchId, "project-2", Standard.PURO, "DE",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31),
                quantity, toAccount, "PURO-PROJECT2-2023", blocks(first, quantity), List.of(), false,
                BenefitType.TEMPORARY_REMOVAL, expiresOn));
    }

    /** The batch's expiry, taking {@code first..first+quantity-1} of each named account: account, first, quantity, ... */
    public EventEnvelope expire(String batchId, LocalDate expiresOn, Object... accountFirstQuantity) {
        List<CreditsExpired.ExpiredHolding> holdings = new java.util.ArrayList<>();
        for (int i = 0; i < accountFirstQuantity.length; i += 3) {
            long first = ((Number) accountFirstQuantity[i + 1]).longValue();
            long quantity = ((Number) accountFirstQuantity[i + 2]).longValue();
            holdings.add(new CreditsExpired.ExpiredHolding((String) accountFirstQuantity[i], quantity,
                    blocks(first, quantity)));
        }
        return envelope(batchId, new CreditsExpired(UUID.randomUUID(), now(), batchId, expiresOn,
                holdings.stream().mapToLong(CreditsExpired.ExpiredHolding::quantity).sum(), holdings));
    }

    /** Events from now on happen just after {@code instant}. */
    public void advanceTo(Instant instant) {
        clock = instant;
    }

    /** A programme-defined label, registered on the registry's one vocabulary aggregate. */
    public EventEnvelope label(String code) {
        return envelope("label-vocabulary", new LabelRegistered(UUID.randomUUID(), now(), code, "label " + code));
    }

    public EventEnvelope transfer(String batchId, String from, String to, long first, long quantity) {
        return envelope(batchId, new CreditsTransferred(UUID.randomUUID(), now(), batchId, from, to, quantity,
                blocks(first, quantity)));
    }

    public EventEnvelope retire(String batchId, String account, long first, long quantity, int reportingYear) {
        return envelope(batchId, new CreditsRetired(UUID.randomUUID(), now(), batchId, UUID.randomUUID().toString(),
                account, quantity, blocks(first, quantity), COMMITMENT, COMMITMENT, reportingYear, "DE"));
    }

    public EventEnvelope cancel(String batchId, String account, long first, long quantity) {
        return envelope(batchId, new CreditsCancelled(UUID.randomUUID(), now(), batchId, account, quantity,
                blocks(first, quantity), "issuance error"));
    }

    /** The batch invalidated, cancelling exactly the holdings given; its quantity is their sum. */
    public EventEnvelope invalidate(String batchId, CancelledHolding... cancelled) {
        return envelope(batchId, new BatchInvalidated(UUID.randomUUID(), now(), batchId, "verification withdrawn",
                java.util.Arrays.stream(cancelled).mapToLong(CancelledHolding::quantity).sum(), List.of(cancelled)));
    }

    public static CancelledHolding holding(String account, long first, long quantity) {
        return new CancelledHolding(account, quantity, blocks(first, quantity));
    }

    /** The buffer's share of a batch issued with {@link #issue}: serials {@code first..first+quantity-1}. */
    public EventEnvelope contributeToBuffer(String batchId, String from, String percent, long first, long quantity) {
        return envelope(batchId, new BufferContributed(UUID.randomUUID(), now(), batchId, "project-1", from,
                "registry-buffer", percent, quantity, blocks(first, quantity)));
    }

    public EventEnvelope compensateReversal(String batchId, String bufferAccount, long first, long quantity) {
        return envelope(batchId, new ReversalCompensated(UUID.randomUUID(), now(), batchId, "project-1", "reversal-1",
                bufferAccount, quantity, blocks(first, quantity), quantity, LocalDate.of(2026, 1, 1), "wildfire"));
    }

    public EventEnvelope freeze(String batchId) {
        return envelope(batchId, new BatchFrozen(UUID.randomUUID(), now(), batchId, "under review"));
    }

    public EventEnvelope authorize(String batchId) {
        return envelope(batchId, new AuthorizationChanged(UUID.randomUUID(), now(), batchId,
                Article6Authorization.AUTHORIZED_NDC, "LoA-1", "BR", CorrespondingAdjustmentStatus.PENDING,
                "letter of authorisation"));
    }

    public EventEnvelope applyAdjustment(String batchId) {
        return envelope(batchId, new CorrespondingAdjustmentApplied(UUID.randomUUID(), now(), batchId, "BR report"));
    }

    /** A transfer flagged as its batch's first international one (Article 6). */
    public EventEnvelope firstInternationalTransfer(String batchId, String from, String to, long first, long quantity) {
        return envelope(batchId, new CreditsTransferred(UUID.randomUUID(), now(), batchId, from, to, quantity,
                blocks(first, quantity), true));
    }

    public EventEnvelope plan(String accountId, String planId, long quantity, int plannedYear) {
        return envelope(accountId, new RetirementPlanned(UUID.randomUUID(), now(), accountId, planId, quantity,
                plannedYear, true, null));
    }

    public EventEnvelope withdrawPlan(String accountId, String planId) {
        return envelope(accountId, new RetirementPlanWithdrawn(UUID.randomUUID(), now(), accountId, planId));
    }

    /** A claim of {@code accountId} backed by the given retirements (envelopes of CreditsRetired), with their tonnes. */
    public EventEnvelope claim(String accountId, String claimId, EventEnvelope... retirements) {
        List<ClaimedRetirement> backing = java.util.Arrays.stream(retirements).map(e -> (CreditsRetired) e.event())
                .map(r -> new ClaimedRetirement(r.retirementId(), r.batchId(), r.eventId(), r.quantity())).toList();
        return claim(accountId, claimId, backing, backing.stream().mapToLong(ClaimedRetirement::quantity).sum());
    }

    public EventEnvelope claim(String accountId, String claimId, List<ClaimedRetirement> backing, long tonnes) {
        return envelope(accountId, new ClaimMade(UUID.randomUUID(), now(), accountId, claimId, ClaimType.NEUTRALITY,
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), COMMITMENT, backing, tonnes));
    }

    /** The next event of {@code aggregateId} is numbered as if {@code missing} events had come before it. */
    public void skip(String aggregateId, long missing) {
        sequences.merge(aggregateId, missing, Long::sum);
    }

    private EventEnvelope envelope(String aggregateId, RegistryEvent event) {
        long sequence = sequences.getOrDefault(aggregateId, 0L);
        sequences.put(aggregateId, sequence + 1);
        return EventEnvelope.of(event, aggregateId, sequence, "registry-admin");
    }

    private Instant now() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private static List<SerialBlock> blocks(long first, long quantity) {
        return List.of(new SerialBlock(first, first + quantity - 1));
    }
}
