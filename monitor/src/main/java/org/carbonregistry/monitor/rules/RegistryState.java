package org.carbonregistry.monitor.rules;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.carbonregistry.events.AccountEvent;
import org.carbonregistry.events.BatchEvent;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.ClaimedRetirement;
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
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.carbonregistry.monitor.Finding;

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
        batch.expiresOn = issued.expiresOn();
        batches.put(issued.batchId(), batch);
        checkConservation(checked, issued.batchId(), batch);
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
        if (batch.frozen) {
            checked.fail(Rule.FROZEN, "credits moved while the batch is frozen");
            return false;
        }
        if (!Expiries.movable(checked::fail, batch, checked.envelope.occurredAt())) {
            return false;
        }
        SerialRanges holding = batch.holdingsOf(from);
        for (SerialBlock block : blocks) {
            if (BatchState.holdsAll(holding, block)) {
                continue;
            }
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
            return false;
        }
        if (!SerialRanges.of(holding.lowest(quantity)).equals(SerialRanges.of(blocks))) {
            checked.fail(Rule.LOWEST_FIRST, "moved serials " + blocks + ", but the holder's lowest " + quantity
                    + " are " + holding.lowest(quantity));
        }
        batch.remove(from, blocks);
        return true;
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
        if (held + batch.retired.total() + batch.cancelled.total() + batch.expired.total() != batch.issued) {
            checked.fail(Rule.CONSERVATION, "batch " + batchId + ": held " + held + " + retired " + batch.retired.total()
                    + " + cancelled " + batch.cancelled.total()
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
