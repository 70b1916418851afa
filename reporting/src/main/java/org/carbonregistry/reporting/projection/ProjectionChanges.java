package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one batch of consumed records changes in the projection: built in memory by the {@link Projector}, then
 * written by {@link JdbcProjectionStore#write} in one transaction together with the consumer's new offsets.
 * Batches and holdings are read from the {@link ProjectionLookup} the first time a unit touches them and kept
 * here afterwards, so a unit of a thousand transfers reads each holding once and writes it once.
 */
public final class ProjectionChanges {

    public record EventRow(UUID eventId, long seq, String type, String aggregateId, long aggregateSequence,
                           Instant occurredAt, String actor, int partition, long offset, String leafHash) {
    }

    public record AccountRow(String accountId, String name, String accountType, String jurisdiction,
                             Instant openedAt, UUID eventId) {
    }

    public record ProjectRow(String projectId, String name, String standard, String methodology, String country,
                             String category, String removalSink, String projectType, String developerAccountId,
                             Instant registeredAt, UUID eventId) {
    }

    /** {@code firstSerial}/{@code lastSerial}: the lowest and highest serial issued, so a serial finds its batch. */
    public record IssuanceRow(UUID eventId, String batchId, String toAccount, long quantity, String serialBlocks,
                              Instant occurredAt, long firstSerial, long lastSerial) {
    }

    public record TransferRow(UUID eventId, String batchId, String fromAccount, String toAccount, long quantity,
                              String serialBlocks, Instant occurredAt) {
    }

    /** A retirement as the log has it: who benefits and why only as commitments (the text is personal data). */
    public record RetirementRow(String retirementId, UUID eventId, long seq, String batchId, String accountId,
                                long quantity, String serialBlocks, String beneficiaryCommitment,
                                String purposeCommitment,
                                int reportingYear, String jurisdiction, Instant occurredAt, int partition,
                                long offset, String leafHash) {
    }

    public record CancellationRow(UUID eventId, String batchId, String accountId, long quantity, String serialBlocks,
                                  String reason, Instant occurredAt) {
    }

    /** {@code BatchInvalidated}; the holdings it cancelled are {@link CancellationRow}s with its event id. */
    public record InvalidationRow(String batchId, UUID eventId, String reason, long quantity, Instant occurredAt,
                                  int partition, long offset) {
    }

    /** One holder's credits in a {@code CreditsExpired}. */
    public record ExpirationRow(UUID eventId, String batchId, String accountId, long quantity, String serialBlocks,
                                LocalDate expiresOn, Instant occurredAt) {
    }

    public record FreezeRow(UUID eventId, String batchId, boolean frozen, String reason, Instant occurredAt) {
    }

    public record AnomalyRow(int partition, long offset, UUID eventId, String problem) {
    }

    /**
     * A record set aside unread because the registry did not sign it. {@code eventId} and {@code eventType} are what
     * the record claims, if it can be read at all; nothing of it is trusted.
     */
    public record QuarantineRow(int partition, long offset, UUID eventId, String eventType, String keyId,
                                String reason, String detail) {
    }

    /** {@code PersonalDataErased}: the retirement's text and salts are to be deleted. */
    public record ErasureRow(String retirementId, UUID eventId, Instant occurredAt) {
    }

    /** {@code RetirementPlanned}: the note only as its commitment. */
    public record PlanRow(String planId, UUID eventId, String accountId, long quantity, int plannedYear,
                          boolean basedOnExistingContracts, String noteCommitment, Instant occurredAt, int partition,
                          long offset) {
    }

    public record PlanWithdrawalRow(String planId, UUID eventId, String accountId, Instant occurredAt, int partition,
                                    long offset) {
    }

    /** {@code ClaimMade}, with the retirements behind it in the event's order. */
    public record ClaimRow(String claimId, UUID eventId, String accountId, String type, LocalDate periodStart,
                           LocalDate periodEnd, String statementCommitment, long tonnes, Instant occurredAt,
                           int partition, long offset, String leafHash, List<ClaimedRetirementRow> retirements) {
    }

    public record ClaimedRetirementRow(String retirementId, UUID retirementEventId, String batchId, long quantity) {
    }

    /** Where the consumer stands on one partition after this unit. */
    public record PartitionProgress(int partition, long nextOffset, UUID lastEventId, Instant lastEventTime) {
    }

    /** A batch as issued, with its running totals and status. */
    public static final class BatchState {
        private final String batchId;
        private final String projectId;
        private final String standard;
        private final String projectCountry;
        private final String category;
        private final String removalSink;
        private final LocalDate vintageStart;
        private final LocalDate vintageEnd;
        private final String serialPrefix;
        private final String labels;
        /** whether the host Party applied the corresponding adjustment (Article 6): only then does it count */
        private boolean correspondingAdjustment;
        private final long issued;
        private final Instant issuedAt;
        private final String issuedTo;
        private final UUID eventId;
        private long retired;
        private long cancelled;
        private boolean frozen;
        private final boolean persisted;
        private boolean dirty;

        public BatchState(String batchId, String projectId, String standard, String projectCountry, String category,
                          String removalSink, LocalDate vintageStart, LocalDate vintageEnd, String serialPrefix,
                          String labels, boolean correspondingAdjustment, long issued, Instant issuedAt,
                          String issuedTo, UUID eventId, long retired, long cancelled, boolean frozen,
                          boolean persisted) {
            this.batchId = batchId;
            this.projectId = projectId;
            this.standard = standard;
            this.projectCountry = projectCountry;
            this.category = category;
            this.removalSink = removalSink;
            this.vintageStart = vintageStart;
            this.vintageEnd = vintageEnd;
            this.serialPrefix = serialPrefix;
            this.labels = labels;
            this.correspondingAdjustment = correspondingAdjustment;
            this.issued = issued;
            this.issuedAt = issuedAt;
            this.issuedTo = issuedTo;
            this.eventId = eventId;
            this.retired = retired;
            this.cancelled = cancelled;
            this.frozen = frozen;
            this.persisted = persisted;
        }

        public String batchId() { return batchId; }
        public String projectId() { return projectId; }
        public String standard() { return standard; }
        public String projectCountry() { return projectCountry; }
        public String category() { return category; }
        public String removalSink() { return removalSink; }
        public LocalDate vintageStart() { return vintageStart; }
        public LocalDate vintageEnd() { return vintageEnd; }
        public String serialPrefix() { return serialPrefix; }
        public String labels() { return labels; }
        public boolean correspondingAdjustment() { return correspondingAdjustment; }
        public long issued() { return issued; }
        public Instant issuedAt() { return issuedAt; }
        public String issuedTo() { return issuedTo; }
        public UUID eventId() { return eventId; }
        public long retired() { return retired; }
        public long cancelled() { return cancelled; }
        public boolean frozen() { return frozen; }
        /** Whether the row existed before this unit (update) or is new (insert). */
        public boolean persisted() { return persisted; }
        public boolean dirty() { return dirty; }

        /** The batch as stored once this unit commits: an independent copy, clean, known to be in the table. */
        public BatchState committed() {
            return new BatchState(batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                    vintageEnd, serialPrefix, labels, correspondingAdjustment, issued, issuedAt, issuedTo, eventId,
                    retired, cancelled, frozen, true);
        }

        void addRetired(long quantity) {
            retired += quantity;
            dirty = true;
        }

        void addCancelled(long quantity) {
            cancelled += quantity;
            dirty = true;
        }

        void setFrozen(boolean frozen) {
            this.frozen = frozen;
            dirty = true;
        }

        void setCorrespondingAdjustmentApplied(boolean applied) {
            this.correspondingAdjustment = applied;
            dirty = true;
        }
    }

    /** What one account holds of one batch. */
    public static final class HoldingState {
        private final String accountId;
        private final String batchId;
        private SerialRanges serials;
        private final boolean persisted;

        HoldingState(String accountId, String batchId, SerialRanges serials, boolean persisted) {
            this.accountId = accountId;
            this.batchId = batchId;
            this.serials = serials;
            this.persisted = persisted;
        }

        public String accountId() { return accountId; }
        public String batchId() { return batchId; }
        public SerialRanges serials() { return serials; }
        public boolean persisted() { return persisted; }

        /** Adds the blocks, or changes nothing and says why not. */
        Optional<String> add(List<SerialBlock> blocks) {
            SerialRanges changed = SerialRanges.of(serials.blocks());
            try {
                changed.addAll(blocks);
            } catch (IllegalArgumentException e) {
                return Optional.of(accountId + " already holds some of " + SerialBlocksText.format(blocks)
                        + " of batch " + batchId);
            }
            serials = changed;
            return Optional.empty();
        }

        /** Removes the blocks, or changes nothing and says why not. */
        Optional<String> remove(List<SerialBlock> blocks) {
            SerialRanges changed = SerialRanges.of(serials.blocks());
            try {
                changed.removeAll(blocks);
            } catch (IllegalArgumentException e) {
                return Optional.of(accountId + " does not hold all of " + SerialBlocksText.format(blocks)
                        + " of batch " + batchId);
            }
            serials = changed;
            return Optional.empty();
        }
    }

    private record Position(int partition, long offset) {
    }

    private final ProjectionLookup lookup;
    private final Set<UUID> knownBefore;
    private final Set<UUID> seen = new HashSet<>();
    private long lastSeq;

    private final List<EventRow> events = new ArrayList<>();
    private final List<AccountRow> accounts = new ArrayList<>();
    private final List<ProjectRow> projects = new ArrayList<>();
    private final Map<String, BatchState> batches = new LinkedHashMap<>();
    private final Map<HoldingKey, HoldingState> holdings = new LinkedHashMap<>();
    /** What the lookup answered in advance ({@link #preload}): the state before this unit, asked for at once. */
    private final Map<String, Optional<BatchState>> preloadedBatches = new HashMap<>();
    private final Map<HoldingKey, Optional<SerialRanges>> preloadedHoldings = new HashMap<>();
    private final List<IssuanceRow> issuances = new ArrayList<>();
    private final List<TransferRow> transfers = new ArrayList<>();
    private final List<RetirementRow> retirements = new ArrayList<>();
    private final List<CancellationRow> cancellations = new ArrayList<>();
    private final List<ExpirationRow> expirations = new ArrayList<>();
    private final List<FreezeRow> freezes = new ArrayList<>();
    private final List<InvalidationRow> invalidations = new ArrayList<>();
    private final Map<Position, AnomalyRow> anomalies = new LinkedHashMap<>();
    private final List<QuarantineRow> quarantined = new ArrayList<>();
    private final List<ErasureRow> erasures = new ArrayList<>();
    private final List<PlanRow> plans = new ArrayList<>();
    private final List<PlanWithdrawalRow> planWithdrawals = new ArrayList<>();
    private final List<ClaimRow> claims = new ArrayList<>();
    private final Map<Integer, PartitionProgress> progress = new TreeMap<>();
    private int duplicates;

    /**
     * @param candidateEventIds the event ids about to be applied, so that the ones already applied earlier are
     *                          looked up at once rather than one by one
     */
    public ProjectionChanges(ProjectionLookup lookup, Collection<UUID> candidateEventIds) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.knownBefore = candidateEventIds.isEmpty() ? Set.of() : lookup.knownEventIds(candidateEventIds);
        this.lastSeq = lookup.lastSeq();
    }

    /**
     * Reads the batches and holdings the unit is about to touch in one go (one query each on a database instead of one
     * per record); they are answered as the lookup would have answered them one at a time, since it is asked before
     * anything of this unit is written.
     */
    void preload(Collection<String> batchIds, Collection<HoldingKey> holdingKeys) {
        Map<String, BatchState> foundBatches = batchIds.isEmpty() ? Map.of() : lookup.batches(batchIds);
        batchIds.forEach(id -> preloadedBatches.put(id, Optional.ofNullable(foundBatches.get(id))));
        Map<HoldingKey, SerialRanges> foundHoldings = holdingKeys.isEmpty() ? Map.of() : lookup.holdings(holdingKeys);
        holdingKeys.forEach(key -> preloadedHoldings.put(key, Optional.ofNullable(foundHoldings.get(key))));
    }

    /** True the first time an event id is offered (in this unit and before it); false for a redelivery. */
    boolean firstSighting(UUID eventId) {
        if (knownBefore.contains(eventId) || !seen.add(eventId)) {
            duplicates++;
            return false;
        }
        return true;
    }

    long nextSeq() {
        return ++lastSeq;
    }

    void consumed(int partition, long offset, UUID eventId, Instant eventTime) {
        PartitionProgress before = progress.get(partition);
        if (eventId == null && before != null) {
            // An unreadable record moves the position on but is no event: the last event stays the last event.
            progress.put(partition, new PartitionProgress(partition, offset + 1, before.lastEventId(), before.lastEventTime()));
        } else {
            progress.put(partition, new PartitionProgress(partition, offset + 1, eventId, eventTime));
        }
    }

    void anomaly(int partition, long offset, UUID eventId, String problem) {
        Position key = new Position(partition, offset);
        AnomalyRow earlier = anomalies.get(key);
        String text = earlier == null ? problem : earlier.problem() + "; " + problem;
        anomalies.put(key, new AnomalyRow(partition, offset, eventId, text.length() > 4000 ? text.substring(0, 4000) : text));
    }

    void event(EventRow row) {
        events.add(row);
    }

    void account(AccountRow row) {
        accounts.add(row);
    }

    void project(ProjectRow row) {
        projects.add(row);
    }

    void newBatch(BatchState batch) {
        batches.put(batch.batchId(), batch);
    }

    Optional<BatchState> batch(String batchId) {
        BatchState batch = batches.get(batchId);
        if (batch != null) {
            return Optional.of(batch);
        }
        Optional<BatchState> preloaded = preloadedBatches.get(batchId);
        Optional<BatchState> stored = preloaded != null ? preloaded : lookup.batch(batchId);
        stored.ifPresent(b -> batches.put(batchId, b));
        return stored;
    }

    HoldingState holding(String accountId, String batchId) {
        return holdings.computeIfAbsent(new HoldingKey(accountId, batchId), key -> Optional.ofNullable(
                        preloadedHoldings.get(key)).orElseGet(() -> lookup.holding(accountId, batchId))
                .map(serials -> new HoldingState(accountId, batchId, serials, true))
                .orElseGet(() -> new HoldingState(accountId, batchId, new SerialRanges(), false)));
    }

    void issuance(IssuanceRow row) {
        issuances.add(row);
    }

    void transfer(TransferRow row) {
        transfers.add(row);
    }

    void retirement(RetirementRow row) {
        retirements.add(row);
    }

    void cancellation(CancellationRow row) {
        cancellations.add(row);
    }

    void expiration(ExpirationRow row) {
        expirations.add(row);
    }

    void freeze(FreezeRow row) {
        freezes.add(row);
    }

    void invalidation(InvalidationRow row) {
        invalidations.add(row);
    }

    void quarantine(QuarantineRow row) {
        quarantined.add(row);
    }

    void erasure(ErasureRow row) {
        erasures.add(row);
    }

    void plan(PlanRow row) {
        plans.add(row);
    }

    void planWithdrawal(PlanWithdrawalRow row) {
        planWithdrawals.add(row);
    }

    void claim(ClaimRow row) {
        claims.add(row);
    }

    public List<EventRow> events() { return events; }
    public List<AccountRow> accounts() { return accounts; }
    public List<ProjectRow> projects() { return projects; }
    public Collection<BatchState> batches() { return batches.values(); }
    public Collection<HoldingState> holdings() { return holdings.values(); }
    public List<IssuanceRow> issuances() { return issuances; }
    public List<TransferRow> transfers() { return transfers; }
    public List<RetirementRow> retirements() { return retirements; }
    public List<CancellationRow> cancellations() { return cancellations; }
    public List<ExpirationRow> expirations() { return expirations; }
    public List<FreezeRow> freezes() { return freezes; }
    public List<InvalidationRow> invalidations() { return invalidations; }
    public Collection<AnomalyRow> anomalies() { return anomalies.values(); }
    public List<QuarantineRow> quarantined() { return quarantined; }
    public List<ErasureRow> erasures() { return erasures; }
    public List<PlanRow> plans() { return plans; }
    public List<PlanWithdrawalRow> planWithdrawals() { return planWithdrawals; }
    public List<ClaimRow> claims() { return claims; }
    public Collection<PartitionProgress> progress() { return progress.values(); }
    /** Records skipped because their event had been applied already. */
    public int duplicates() { return duplicates; }
    /** The highest sequence number given out so far: the watermark once this unit is written. */
    public long lastSeq() { return lastSeq; }
}
