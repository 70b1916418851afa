package org.carbonregistry.reporting.testing;

import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.ClaimType;
import org.carbonregistry.events.ClaimedRetirement;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.ProjectRegistered;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.carbonregistry.events.Standard;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.reporting.personaldata.PersonalDataRecord;
import org.carbonregistry.reporting.projection.ConsumedRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Makes registry events the way registry-service does (canonical envelopes, aggregate sequence numbers, the lowest
 * serials first, keyed by aggregate id onto one of a few partitions) without running it, so projections can be fed
 * real envelopes directly. Each call returns the record as a consumer would read it, signed with
 * {@link TestKeys#REGISTRY}. A retirement's beneficiary and purpose go into its commitments; the text and salts are
 * kept for {@link #personalData} (the registry.personal-data record).
 */
public final class SyntheticRegistry {

    public static final String ACTOR = "registry";

    private final int partitions;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<Integer, Long> offsets = new HashMap<>();
    private final Map<String, SerialRanges> holdings = new HashMap<>();
    private final Map<String, RetirementPersonalData> personalData = new HashMap<>();
    private final Map<String, ClaimedRetirement> retirements = new HashMap<>();
    private final Map<Integer, Long> personalDataOffsets = new HashMap<>();
    private EnvelopeSigner signer = TestKeys.REGISTRY;
    private long nextSerial = 1;
    private Instant clock;
    private final Duration tick;

    public SyntheticRegistry(int partitions, Instant start, Duration tick) {
        this.partitions = partitions;
        this.clock = start;
        this.tick = tick;
    }

    public SyntheticRegistry() {
        this(3, Instant.parse("2024-01-01T00:00:00Z"), Duration.ofSeconds(1));
    }

    /** The time the next event will carry; every event moves the clock on by one tick. */
    public Instant now() {
        return clock;
    }

    public void advance(Duration duration) {
        clock = clock.plus(duration);
    }

    public ConsumedRecord openAccount(String accountId, AccountType type, String jurisdiction) {
        return append(new AccountOpened(UUID.randomUUID(), stamp(), accountId, "Account " + accountId, type,
                jurisdiction), accountId);
    }

    public ConsumedRecord registerProject(String projectId, Standard standard, String country, ProjectCategory category,
                                          RemovalSink sink, String type, String developer) {
        return append(new ProjectRegistered(UUID.randomUUID(), stamp(), projectId, "Project " + projectId, standard,
                "VM0047", country, category, sink, type, developer), projectId);
    }

    public ConsumedRecord issue(String batchId, String projectId, Standard standard, String country,
                                ProjectCategory category, RemovalSink sink, int vintageYear, long quantity,
                                String toAccount, boolean correspondingAdjustment) {
        return issue(batchId, projectId, standard, country, category, sink, vintageYear, quantity, toAccount,
                correspondingAdjustment, List.of("CCP"));
    }

    public ConsumedRecord issue(String batchId, String projectId, Standard standard, String country,
                                ProjectCategory category, RemovalSink sink, int vintageYear, long quantity,
                                String toAccount, boolean correspondingAdjustment, List<String> labels) {
        SerialBlock block = new SerialBlock(nextSerial, nextSerial + quantity - 1);
        nextSerial += quantity;
        String prefix = standard.name() + "-" + batchId.substring(0, Math.min(8, batchId.length())).toUpperCase() + "-" + vintageYear;
        holding(toAccount, batchId).add(block);
        return append(new CreditsIssued(UUID.randomUUID(), stamp(), batchId, projectId, standard, country, category,
                sink, LocalDate.of(vintageYear, 1, 1), LocalDate.of(vintageYear, 12, 31), quantity, toAccount, prefix,
                List.of(block), labels, correspondingAdjustment), batchId);
    }

    /** The buffer's share of a batch just issued to {@code from}: the top {@code quantity} serials it holds. */
    public ConsumedRecord contributeToBuffer(String batchId, String projectId, String from, String bufferAccount,
                                             String percent, long quantity) {
        SerialRanges held = holding(from, batchId);
        long last = held.blocks().get(held.blocks().size() - 1).last();
        SerialBlock top = new SerialBlock(last - quantity + 1, last);
        held.remove(top);
        holding(bufferAccount, batchId).add(top);
        return append(new BufferContributed(UUID.randomUUID(), stamp(), batchId, projectId, from, bufferAccount, percent,
                quantity, List.of(top)), batchId);
    }

    /** A batch's part of a reversal: the buffer's lowest {@code quantity} serials of it cancelled. */
    public ConsumedRecord compensateReversal(String batchId, String projectId, String bufferAccount, String reversalId,
                                             long quantity, LocalDate occurredOn, String reason) {
        List<SerialBlock> blocks = take(bufferAccount, batchId, quantity);
        return append(new ReversalCompensated(UUID.randomUUID(), stamp(), batchId, projectId, reversalId, bufferAccount,
                quantity, blocks, quantity, occurredOn, reason), batchId);
    }

    public ConsumedRecord transfer(String batchId, String from, String to, long quantity) {
        List<SerialBlock> blocks = take(from, batchId, quantity);
        holding(to, batchId).addAll(blocks);
        return append(new CreditsTransferred(UUID.randomUUID(), stamp(), batchId, from, to, quantity, blocks), batchId);
    }

    public ConsumedRecord retire(String batchId, String account, long quantity, String beneficiary, int reportingYear) {
        return retire(batchId, UUID.randomUUID().toString(), account, quantity, beneficiary, reportingYear);
    }

    public ConsumedRecord retire(String batchId, String retirementId, String account, long quantity, String beneficiary,
                                 int reportingYear) {
        return retire(batchId, retirementId, account, quantity, beneficiary, reportingYear + " voluntary claim",
                reportingYear);
    }

    public ConsumedRecord retire(String batchId, String retirementId, String account, long quantity, String beneficiary,
                                 String purpose, int reportingYear) {
        List<SerialBlock> blocks = take(account, batchId, quantity);
        RetirementPersonalData text = RetirementPersonalData.withNewSalts(retirementId, beneficiary, purpose);
        personalData.put(retirementId, text);
        UUID eventId = UUID.randomUUID();
        retirements.put(retirementId, new ClaimedRetirement(retirementId, batchId, eventId, quantity));
        return append(new CreditsRetired(eventId, stamp(), batchId, retirementId, account, quantity, blocks,
                text.beneficiaryCommitment(), text.purposeCommitment(), reportingYear, "DE"), batchId);
    }

    /** A claim of the account for the calendar year, backed by retirements made here. */
    public ConsumedRecord claim(String claimId, String account, int year, String... retirementIds) {
        List<ClaimedRetirement> backing = java.util.Arrays.stream(retirementIds).map(retirements::get).toList();
        return append(new ClaimMade(UUID.randomUUID(), stamp(), account, claimId, ClaimType.CONTRIBUTION,
                LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31),
                Commitment.of("our contribution in " + year, Commitment.newSalt()), backing,
                backing.stream().mapToLong(ClaimedRetirement::quantity).sum()), account);
    }

    /** The text and salts behind a retirement's commitments. */
    public RetirementPersonalData personalData(String retirementId) {
        return personalData.get(retirementId);
    }

    /** The registry.personal-data record of a retirement, at the next offset of its partition. */
    public PersonalDataRecord personalDataRecord(String retirementId) {
        return personalDataRecord(retirementId, personalData.get(retirementId).toJson());
    }

    /** Any value (null: a tombstone) for a retirement on registry.personal-data. */
    public PersonalDataRecord personalDataRecord(String retirementId, byte[] value) {
        int partition = Math.floorMod(retirementId.hashCode(), partitions);
        long offset = personalDataOffsets.merge(partition, 1L, Long::sum) - 1;
        return new PersonalDataRecord(partition, offset, retirementId, value);
    }

    public ConsumedRecord erase(String batchId, String retirementId) {
        return append(new PersonalDataErased(UUID.randomUUID(), stamp(), batchId, retirementId), batchId);
    }

    /** Signs what follows with another key (null: leaves it unsigned). */
    public void signWith(EnvelopeSigner signer) {
        this.signer = signer;
    }

    public ConsumedRecord cancel(String batchId, String account, long quantity) {
        List<SerialBlock> blocks = take(account, batchId, quantity);
        return append(new CreditsCancelled(UUID.randomUUID(), stamp(), batchId, account, quantity, blocks,
                "issued in error"), batchId);
    }

    /** The batch's expiry (a temporary removal): every holder's credits of it expire. */
    public ConsumedRecord expire(String batchId, LocalDate expiresOn) {
        var expired = new java.util.ArrayList<CreditsExpired.ExpiredHolding>();
        holdings.entrySet().stream().filter(e -> e.getKey().endsWith("|" + batchId) && !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> expired.add(new CreditsExpired.ExpiredHolding(e.getKey().substring(0, e.getKey().indexOf('|')),
                        e.getValue().total(), e.getValue().blocks())));
        expired.forEach(h -> holding(h.account(), batchId).removeAll(h.serialBlocks()));
        return append(new CreditsExpired(UUID.randomUUID(), stamp(), batchId, expiresOn,
                expired.stream().mapToLong(CreditsExpired.ExpiredHolding::quantity).sum(), expired), batchId);
    }

    public ConsumedRecord freeze(String batchId) {
        return append(new BatchFrozen(UUID.randomUUID(), stamp(), batchId, "under investigation"), batchId);
    }

    /** Invalidates the batch as the registry does: every holding cancelled, in account order. */
    public ConsumedRecord invalidate(String batchId, String reason) {
        Map<String, SerialRanges> held = new TreeMap<>();
        holdings.forEach((key, ranges) -> {
            if (key.endsWith("|" + batchId) && !ranges.isEmpty()) {
                held.put(key.substring(0, key.length() - batchId.length() - 1), ranges);
            }
        });
        List<BatchInvalidated.CancelledHolding> cancelled = new ArrayList<>();
        held.forEach((account, ranges) -> {
            cancelled.add(new BatchInvalidated.CancelledHolding(account, ranges.total(), ranges.blocks()));
            ranges.removeAll(ranges.blocks());
        });
        return append(new BatchInvalidated(UUID.randomUUID(), stamp(), batchId, reason,
                cancelled.stream().mapToLong(BatchInvalidated.CancelledHolding::quantity).sum(), cancelled), batchId);
    }

    public ConsumedRecord unfreeze(String batchId) {
        return append(new BatchUnfrozen(UUID.randomUUID(), stamp(), batchId, "investigation closed"), batchId);
    }

    /** What the fixture believes the account holds of the batch (the registry's own view). */
    public long held(String accountId, String batchId) {
        SerialRanges held = holdings.get(accountId + "|" + batchId);
        return held == null ? 0 : held.total();
    }

    /** The same record value once more, at the next offset of its partition: what an at-least-once producer does. */
    public ConsumedRecord redeliver(ConsumedRecord record) {
        return new ConsumedRecord(record.partition(), nextOffset(record.partition()), record.value().clone(),
                record.signature(), record.keyId());
    }

    /** Any value signed with the registry's key, at the next offset of a partition. */
    public ConsumedRecord signedRaw(int partition, byte[] value) {
        SignedEnvelope signed = TestKeys.REGISTRY.sign(value);
        return new ConsumedRecord(partition, nextOffset(partition), value, signed.signature(), signed.keyId());
    }

    /** Any value without signature headers, at the next offset of a partition. */
    public ConsumedRecord raw(int partition, byte[] value) {
        return new ConsumedRecord(partition, nextOffset(partition), value);
    }

    public ConsumedRecord append(RegistryEvent event, String aggregateId) {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        EventEnvelope envelope = EventEnvelope.of(event, aggregateId, sequence, ACTOR);
        int partition = Math.floorMod(aggregateId.hashCode(), partitions);
        byte[] bytes = envelope.canonicalBytes();
        if (signer == null) {
            return new ConsumedRecord(partition, nextOffset(partition), bytes);
        }
        SignedEnvelope signed = signer.sign(bytes);
        return new ConsumedRecord(partition, nextOffset(partition), bytes, signed.signature(), signed.keyId());
    }

    private List<SerialBlock> take(String account, String batchId, long quantity) {
        SerialRanges held = holding(account, batchId);
        List<SerialBlock> blocks = held.lowest(quantity);
        held.removeAll(blocks);
        return blocks;
    }

    private SerialRanges holding(String account, String batchId) {
        return holdings.computeIfAbsent(account + "|" + batchId, key -> new SerialRanges());
    }

    private long nextOffset(int partition) {
        return offsets.merge(partition, 1L, Long::sum) - 1;
    }

    private Instant stamp() {
        Instant now = clock;
        clock = clock.plus(tick);
        return now;
    }
}
