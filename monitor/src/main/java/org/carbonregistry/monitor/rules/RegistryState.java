package org.carbonregistry.monitor.rules;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.carbonregistry.events.AccountEvent;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.BatchEvent;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.ClaimedRetirement;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.CreditLabels;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.LabelRegistered;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.events.RetirementPlanWithdrawn;
import org.carbonregistry.events.RetirementPlanned;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.carbonregistry.monitor.Finding;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry as re-derived from the log, one entry at a time, with the rules of registry-service's
 * {@code CreditBatch} checked on the way. An event that breaks an ownership rule is not applied, as the registry
 * would have refused it, so one bad event does not drown the report in consequences.
 *
 * <p>Only rules that hold in log order are checked: one batch's events keep their order (one Kafka partition),
 * but the log interleaves aggregates in the order the ledger consumed them, so cross-aggregate rules (the
 * receiving account exists) are left to the registry.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class RegistryState {

    /** The registry's own bound on one quantity (registry-service {@code Quantities}). */
    static final long MAX_TONNES = 1_000_000_000L;

    private final Map<String, BatchState> batches = new HashMap<>();
    /** Every serial any batch issued: serials are unique registry-wide. */
    private final SerialRanges issuedSerials = new SerialRanges();
    /** aggregate id -> the sequence number its next event must carry */
    private final Map<String, Long> nextSequence = new HashMap<>();
    /** account -> reporting year -> tonnes retired, what reporting's ESRS E1-7 totals must show */
    private final TreeMap<String, TreeMap<Integer, Long>> retiredTonnes = new TreeMap<>();
    /** account -> plan id -> withdrawn: grows with plans, not with moves */
    private final Map<String, Map<String, Boolean>> plans = new HashMap<>();
    /** retirement id -> the claim it backs: grows with claimed retirements, not with moves */
    private final Map<String, String> claimedRetirements = new HashMap<>();
    /** programme-defined label codes registered so far: grows with the vocabulary, not with moves */
    private final Set<String> labels = new HashSet<>();
    /** the latest {@code occurredAt} replayed: what "as of this log" means for reporting */
    private Instant latestEventTime;

    /** Replays one leaf; returns what it breaks, empty for a valid event. */
    public List<Finding> apply(long leafIndex, byte[] entry) {
        return apply(leafIndex, ParsedEntry.of(entry));
    }

    /** Replays one leaf read beforehand; returns what it breaks, empty for a valid event. */
    public List<Finding> apply(long leafIndex, ParsedEntry entry) {
        EventEnvelope envelope = entry.envelope();
        if (envelope == null) {
            return List.of(new Finding(Rule.MALFORMED_ENTRY.wireName(), leafIndex, null, null, entry.malformed()));
        }
        List<Finding> findings = new ArrayList<>(0);
        Checked checked = new Checked(leafIndex, envelope, findings);
        if (latestEventTime == null || envelope.occurredAt().isAfter(latestEventTime)) {
            latestEventTime = envelope.occurredAt();
        }
        // the sequence counts even an event the monitor cannot read, so one unknown type is one finding, not two
        checkSequence(checked);
        RegistryEvent event = entry.event();
        if (event == null) {
            checked.fail(Rule.MALFORMED_ENTRY, entry.unreadable());
            return findings;
        }
        if (event instanceof BatchEvent batchEvent) {
            try {
                applyBatchEvent(checked, batchEvent);
            } catch (NullPointerException missingField) {
                // signed by the registry or not, an event without its batch, accounts or serials moves nothing
                checked.fail(Rule.MALFORMED_ENTRY, "a field the rules need is missing");
            }
        } else if (event instanceof AccountEvent accountEvent) {
            try {
                applyAccountEvent(checked, accountEvent);
            } catch (NullPointerException missingField) {
                checked.fail(Rule.MALFORMED_ENTRY, "a field the rules need is missing");
            }
        } else if (event instanceof LabelRegistered registered) {
            registerLabel(checked, registered);
        }
        return findings;
    }

    /** Tonnes retired per account and reporting year, sorted. */
    public Map<String, TreeMap<Integer, Long>> retiredTonnes() {
        return retiredTonnes;
    }

    public Instant latestEventTime() {
        return latestEventTime;
    }

    private void checkSequence(Checked checked) {
        EventEnvelope envelope = checked.envelope;
        long expected = nextSequence.getOrDefault(envelope.aggregateId(), 0L);
        long got = envelope.sequence();
        if (got > expected) {
            checked.fail(Rule.SEQUENCE_GAP, "expected sequence " + expected + ", got " + got + ": "
                    + (got - expected) + " event(s) of this aggregate are missing from the log");
        } else if (got < expected) {
            checked.fail(Rule.SEQUENCE_REPEAT, "sequence " + got + " comes again (next expected " + expected + ")");
        }
        nextSequence.put(envelope.aggregateId(), Math.max(expected, got + 1));
    }

    private void applyBatchEvent(Checked checked, BatchEvent event) {
        if (!event.batchId().equals(checked.envelope.aggregateId())) {
            checked.fail(Rule.BATCH_AGGREGATE, "event of batch " + event.batchId() + " logged under aggregate "
                    + checked.envelope.aggregateId());
            return;
        }
        if (event instanceof CreditsIssued issued) {
            issue(checked, issued);
            return;
        }
        BatchState batch = batches.get(event.batchId());
        if (batch == null) {
            checked.fail(Rule.BATCH_LIFECYCLE, event.getClass().getSimpleName() + " for batch " + event.batchId()
                    + ", which was never issued");
            return;
        }
        String mover = ordinaryMoveFrom(event);
        if (mover != null && mover.equals(batch.bufferAccount)) {
            checked.fail(Rule.BUFFER, event.getClass().getSimpleName() + " moves the buffer's credits, which only a"
                    + " reversal may cancel");
            return;
        }
        if (event instanceof CreditsTransferred transfer) {
            if (transfer.from().equals(transfer.to())) {
                checked.fail(Rule.TRANSFER_TO_SELF, "transfer from " + transfer.from() + " to itself");
            } else if (move(checked, batch, transfer.from(), transfer.quantity(), transfer.serialBlocks())) {
                batch.add(transfer.to(), transfer.serialBlocks());
            }
        } else if (event instanceof CreditsRetired retirement) {
            if (move(checked, batch, retirement.account(), retirement.quantity(), retirement.serialBlocks())) {
                batch.retired.addAll(retirement.serialBlocks());
                retiredTonnes.computeIfAbsent(retirement.account(), a -> new TreeMap<>())
                        .merge(retirement.reportingYear(), retirement.quantity(), Long::sum);
            }
        } else if (event instanceof CreditsCancelled cancellation) {
            if (move(checked, batch, cancellation.account(), cancellation.quantity(), cancellation.serialBlocks())) {
                batch.cancelled.addAll(cancellation.serialBlocks());
            }
        } else if (event instanceof BatchInvalidated invalidation) {
            invalidate(checked, batch, invalidation);
        } else if (batch.invalidated && (event instanceof BatchFrozen || event instanceof BatchUnfrozen
                || event instanceof AuthorizationChanged || event instanceof CorrespondingAdjustmentApplied)) {
            checked.fail(Rule.INVALIDATED, event.getClass().getSimpleName() + " after the batch was invalidated");
        } else if (event instanceof BufferContributed contribution) {
            contribute(checked, batch, contribution);
        } else if (event instanceof ReversalCompensated compensation) {
            compensate(checked, batch, compensation);
        } else if (batch.invalidated && event instanceof CreditsExpired) {
            checked.fail(Rule.INVALIDATED, "CreditsExpired after the batch was invalidated");
        } else if (event instanceof CreditsExpired expiry) {
            Expiries.expire(checked::fail, batch, expiry, checked.envelope.occurredAt());
        } else if (event instanceof BatchFrozen) {
            if (batch.frozen) {
                checked.fail(Rule.FROZEN, "batch frozen while already frozen");
            }
            batch.frozen = true;
        } else if (event instanceof BatchUnfrozen) {
            if (!batch.frozen) {
                checked.fail(Rule.FROZEN, "batch unfrozen while not frozen");
            }
            batch.frozen = false;
        }
        // PersonalDataErased moves nothing; whether its retirement exists is the registry's to check.
        checkConservation(checked, event.batchId(), batch);
    }

    /**
     * An account's plans and claims. That a claimed retirement exists and is the claiming account's own is a
     * cross-aggregate rule (the retirement is a batch's event, which the log may order after the claim) and left to the
     * registry; that no retirement backs two claims holds in any order, so it is checked registry-wide.
     */
    private void applyAccountEvent(Checked checked, AccountEvent event) {
        if (!event.accountId().equals(checked.envelope.aggregateId())) {
            checked.fail(Rule.ACCOUNT_AGGREGATE, "event of account " + event.accountId() + " logged under aggregate "
                    + checked.envelope.aggregateId());
            return;
        }
        if (event instanceof RetirementPlanned planned) {
            Map<String, Boolean> ofAccount = plans.computeIfAbsent(planned.accountId(), a -> new HashMap<>());
            if (planned.quantity() < 1 || planned.quantity() > MAX_TONNES) {
                checked.fail(Rule.RETIREMENT_PLAN, "plan " + planned.planId() + " of " + planned.quantity()
                        + " tonnes, outside 1.." + MAX_TONNES);
            } else if (ofAccount.putIfAbsent(planned.planId(), false) != null) {
                checked.fail(Rule.RETIREMENT_PLAN, "plan " + planned.planId() + " is planned a second time");
            }
        } else if (event instanceof RetirementPlanWithdrawn withdrawn) {
            Map<String, Boolean> ofAccount = plans.getOrDefault(withdrawn.accountId(), Map.of());
            Boolean before = ofAccount.get(withdrawn.planId());
            if (before == null) {
                checked.fail(Rule.RETIREMENT_PLAN, "plan " + withdrawn.planId() + " is withdrawn but was never planned");
            } else if (before) {
                checked.fail(Rule.RETIREMENT_PLAN, "plan " + withdrawn.planId() + " is withdrawn a second time");
            } else {
                ofAccount.put(withdrawn.planId(), true);
            }
        } else if (event instanceof ClaimMade claim) {
            checkClaim(checked, claim);
        }
    }

    /**
     * The vocabulary's own rules, which hold in log order because all its events are one aggregate's. Whether each
     * issuance's labels were registered before it is a cross-aggregate rule (the log may order a batch's issuance
     * before the registration it followed) and is left to the registry.
     */
    private void registerLabel(Checked checked, LabelRegistered registered) {
        String code = registered.code();
        if (!CreditLabels.isWellFormed(code)) {
            checked.fail(Rule.LABEL_VOCABULARY, "label code '" + code + "' is not 2-40 of A-Z, 0-9 and _");
        } else if (CreditLabels.isBuiltIn(code)) {
            checked.fail(Rule.LABEL_VOCABULARY, "label " + code + " is built in and cannot be registered");
        } else if (!labels.add(code)) {
            checked.fail(Rule.LABEL_VOCABULARY, "label " + code + " is registered a second time");
        }
    }

    private void checkClaim(Checked checked, ClaimMade claim) {
        if (claim.retirements().isEmpty()) {
            checked.fail(Rule.CLAIM_TONNES, "claim " + claim.claimId() + " names no retirement");
            return;
        }
        long sum = 0;
        for (ClaimedRetirement retirement : claim.retirements()) {
            if (retirement.quantity() < 1 || retirement.quantity() > MAX_TONNES) {
                checked.fail(Rule.CLAIM_TONNES, "claim " + claim.claimId() + " counts " + retirement.quantity()
                        + " tonnes for retirement " + retirement.retirementId());
                return;
            }
            sum += retirement.quantity();
        }
        if (sum != claim.tonnes()) {
            checked.fail(Rule.CLAIM_TONNES, "claim " + claim.claimId() + " states " + claim.tonnes()
                    + " tonnes, its retirements hold " + sum);
        }
        for (ClaimedRetirement retirement : claim.retirements()) {
            String earlier = claimedRetirements.putIfAbsent(retirement.retirementId(), claim.claimId());
            if (earlier != null) {
                checked.fail(Rule.CLAIMED_TWICE, "retirement " + retirement.retirementId() + " backs claim "
                        + claim.claimId() + " but already backs claim " + earlier);
            }
        }
    }

    private void issue(Checked checked, CreditsIssued issued) {
        if (batches.containsKey(issued.batchId())) {
            checked.fail(Rule.BATCH_LIFECYCLE, "batch " + issued.batchId() + " is issued a second time");
            return;
        }
        if (!quantityMatches(checked, issued.quantity(), issued.serialBlocks())) {
            return;
        }
        List<SerialBlock> added = new ArrayList<>();
        for (SerialBlock block : issued.serialBlocks()) {
            try {
                issuedSerials.add(block);
                added.add(block);
            } catch (IllegalArgumentException alreadyIssued) {
                added.forEach(issuedSerials::remove);
                checked.fail(Rule.SERIAL_ISSUED_TWICE, "serials " + block.first() + "-" + block.last()
                        + " were already issued (" + alreadyIssued.getMessage() + ")");
                return;
            }
        }
        BatchState batch = new BatchState();
        batch.issued = issued.quantity();
        batch.add(issued.toAccount(), issued.serialBlocks());
        batch.projectId = issued.projectId();
        batch.issuedTo = issued.toAccount();
        batch.issuedLast = issued.serialBlocks().get(issued.serialBlocks().size() - 1).last();
        batch.expiresOn = issued.expiresOn();
        batches.put(issued.batchId(), batch);
        checkConservation(checked, issued.batchId(), batch);
    }

    /** The account a transfer, retirement or cancellation takes credits from; null for other events. */
    private static String ordinaryMoveFrom(BatchEvent event) {
        if (event instanceof CreditsTransferred transfer) {
            return transfer.from();
        }
        if (event instanceof CreditsRetired retirement) {
            return retirement.account();
        }
        return event instanceof CreditsCancelled cancellation ? cancellation.account() : null;
    }

    /**
     * The buffer's share of an issuance, as registry-service's {@code CreditBatch} takes it in the issuing command:
     * the event right after {@code CreditsIssued}, floor(issued x percent / 100) credits, the top of the issued range,
     * from the issuance's recipient.
     */
    private void contribute(Checked checked, BatchState batch, BufferContributed contribution) {
        if (batch.bufferAccount != null) {
            checked.fail(Rule.BUFFER, "the batch contributes to the buffer a second time");
            return;
        }
        if (checked.envelope.sequence() != 1 || batch.issuedTo == null) {
            checked.fail(Rule.BUFFER, "a buffer contribution must follow its batch's issuance in the same command");
            return;
        }
        BigDecimal percent;
        try {
            percent = new BigDecimal(contribution.bufferPercent());
        } catch (NumberFormatException notANumber) {
            checked.fail(Rule.BUFFER, "bufferPercent '" + contribution.bufferPercent() + "' is not a decimal");
            return;
        }
        if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            checked.fail(Rule.BUFFER, "bufferPercent " + contribution.bufferPercent() + " is outside 0..100");
            return;
        }
        long share = BigDecimal.valueOf(batch.issued).multiply(percent)
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
        List<SerialBlock> top = share < 1 ? List.of()
                : List.of(new SerialBlock(batch.issuedLast - share + 1, batch.issuedLast));
        if (!quantityMatches(checked, contribution.quantity(), contribution.serialBlocks())) {
            return;
        }
        if (contribution.quantity() != share || !contribution.from().equals(batch.issuedTo)
                || !SerialRanges.of(contribution.serialBlocks()).equals(SerialRanges.of(top))) {
            checked.fail(Rule.BUFFER, "contribution of " + contribution.quantity() + " serials " + contribution.serialBlocks()
                    + " from " + contribution.from() + "; " + contribution.bufferPercent() + "% of " + batch.issued
                    + " issued to " + batch.issuedTo + " is " + share + " serials " + top);
            return;
        }
        batch.remove(contribution.from(), contribution.serialBlocks());
        batch.add(contribution.bufferAccount(), contribution.serialBlocks());
        batch.bufferAccount = contribution.bufferAccount();
    }

    /**
     * A batch's part of a reversal cancels the buffer's own credits of that batch, lowest first, and nothing else.
     * That a reversal took the project's lowest vintages first spans batches, which the log interleaves; it is left
     * to the registry.
     */
    private void compensate(Checked checked, BatchState batch, ReversalCompensated compensation) {
        if (batch.bufferAccount == null || !batch.bufferAccount.equals(compensation.bufferAccount())) {
            checked.fail(Rule.BUFFER, "a reversal cancels credits of " + compensation.bufferAccount()
                    + ", which is not this batch's buffer (" + batch.bufferAccount + ")");
            return;
        }
        if (!compensation.projectId().equals(batch.projectId)) {
            checked.fail(Rule.BUFFER, "a reversal of project " + compensation.projectId() + " cancels credits of a batch"
                    + " of project " + batch.projectId);
            return;
        }
        if (compensation.quantity() > compensation.reversalQuantity()) {
            checked.fail(Rule.BUFFER, "cancels " + compensation.quantity() + " for a reversal of "
                    + compensation.reversalQuantity());
            return;
        }
        if (move(checked, batch, compensation.bufferAccount(), compensation.quantity(), compensation.serialBlocks())) {
            batch.cancelled.addAll(compensation.serialBlocks());
        }
    }

    /**
     * An invalidation cancels every holding it names, and those must be every holding there is: each block must be
     * held by the account named with it (else nothing is applied, as the registry would have refused it), the
     * quantities must add up, and no credit may be left held. Retired serials stay retired.
     */
    private void invalidate(Checked checked, BatchState batch, BatchInvalidated invalidation) {
        if (batch.invalidated) {
            checked.fail(Rule.INVALIDATED, "batch invalidated a second time");
            return;
        }
        List<BatchInvalidated.CancelledHolding> holdings = invalidation.cancelled();
        long sum = 0;
        Set<String> named = new HashSet<>();
        for (BatchInvalidated.CancelledHolding holding : holdings) {
            if (!quantityMatches(checked, holding.quantity(), holding.serialBlocks())) {
                return;
            }
            if (!named.add(holding.account())) {
                checked.fail(Rule.INVALIDATED, "the invalidation names account " + holding.account() + " twice");
                return;
            }
            SerialRanges held = batch.holdingsOf(holding.account());
            for (SerialBlock block : holding.serialBlocks()) {
                if (!BatchState.holdsAll(held, block)) {
                    notHeld(checked, batch, holding.account(), block, held);
                    return;
                }
            }
            sum += holding.quantity();
        }
        if (sum != invalidation.quantity()) {
            checked.fail(Rule.INVALIDATED, "the invalidation states " + invalidation.quantity()
                    + " credits cancelled, its holdings hold " + sum);
        }
        for (BatchInvalidated.CancelledHolding holding : holdings) {
            batch.remove(holding.account(), holding.serialBlocks());
            batch.invalidatedSerials.addAll(holding.serialBlocks());
        }
        batch.invalidated = true;
        batch.holders.forEach((account, left) -> checked.fail(Rule.INVALIDATED, "the invalidation left "
                + left.total() + " credits held by account " + account + " (" + left + ")"));
    }

    /**
     * Checks a move of {@code blocks} out of {@code from}'s holdings and takes them out; returns false (nothing
     * changed) when the move breaks a rule. The registry takes the holder's lowest serials first, so any other
     * choice of serials is a finding too, though the credits did move.
     */
    private boolean move(Checked checked, BatchState batch, String from, long quantity, List<SerialBlock> blocks) {
        if (!quantityMatches(checked, quantity, blocks)) {
            return false;
        }
        if (batch.invalidated) {
            checked.fail(Rule.INVALIDATED, "credits moved after the batch was invalidated");
            return false;
        }
        if (batch.frozen) {
            checked.fail(Rule.FROZEN, "credits moved while the batch is frozen");
            return false;
        }
        if (!Expiries.movable(checked::fail, batch, checked.envelope.occurredAt())) {
            return false;
        }
        SerialRanges holding = batch.holdingsOf(from);
        for (SerialBlock block : blocks) {
            if (!BatchState.holdsAll(holding, block)) {
                notHeld(checked, batch, from, block, holding);
                return false;
            }
        }
        if (!SerialRanges.of(holding.lowest(quantity)).equals(SerialRanges.of(blocks))) {
            checked.fail(Rule.LOWEST_FIRST, "moved serials " + blocks + ", but the holder's lowest " + quantity
                    + " are " + holding.lowest(quantity));
        }
        batch.remove(from, blocks);
        return true;
    }

    /** Why {@code from} cannot give up {@code block}: it left circulation before, or was never its. */
    private static void notHeld(Checked checked, BatchState batch, String from, SerialBlock block, SerialRanges holding) {
        if (BatchState.holdsAny(batch.retired, block)) {
            checked.fail(Rule.MOVED_AFTER_RETIREMENT, "serials " + range(block) + " were already retired");
        } else if (BatchState.holdsAny(batch.cancelled, block)) {
            checked.fail(Rule.MOVED_AFTER_CANCELLATION, "serials " + range(block) + " were already cancelled");
        } else if (BatchState.holdsAny(batch.expired, block)) {
            checked.fail(Rule.MOVED_AFTER_EXPIRY, "serials " + range(block) + " have expired");
        } else {
            checked.fail(Rule.NOT_HOLDER, "account " + from + " does not hold serials " + range(block)
                    + " (it holds " + holding + ")");
        }
    }

    private static boolean quantityMatches(Checked checked, long quantity, List<SerialBlock> blocks) {
        if (quantity < 1 || quantity > MAX_TONNES) {
            checked.fail(Rule.QUANTITY, "quantity " + quantity + " is outside 1.." + MAX_TONNES);
            return false;
        }
        long serials;
        try {
            serials = SerialRanges.of(blocks == null ? List.of() : blocks).total();
        } catch (IllegalArgumentException overlapping) {
            checked.fail(Rule.QUANTITY, "the event's serial blocks overlap: " + overlapping.getMessage());
            return false;
        }
        if (serials != quantity) {
            checked.fail(Rule.QUANTITY, "quantity " + quantity + " but the serial blocks hold " + serials);
            return false;
        }
        return true;
    }

    private static void checkConservation(Checked checked, String batchId, BatchState batch) {
        long held = batch.held;
        long invalidated = batch.invalidatedSerials.total();
        if (held + batch.retired.total() + batch.cancelled.total() + invalidated + batch.expired.total() != batch.issued) {
            checked.fail(Rule.CONSERVATION, "batch " + batchId + ": held " + held + " + retired " + batch.retired.total()
                    + " + cancelled " + batch.cancelled.total() + " + invalidated " + invalidated
                    + (batch.expiresOn != null ? " + expired " + batch.expired.total() : "") + " != issued " + batch.issued);
        }
    }

    private static String range(SerialBlock block) {
        return block.first() + "-" + block.last();
    }

    /** One event under check: where findings about it go. */
    private record Checked(long leafIndex, EventEnvelope envelope, List<Finding> findings) {
        void fail(Rule rule, String detail) {
            findings.add(new Finding(rule.wireName(), leafIndex, envelope.eventId().toString(), envelope.aggregateId(), detail));
        }
    }
}
