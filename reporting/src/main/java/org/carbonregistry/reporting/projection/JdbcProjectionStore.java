package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.SerialRanges;
import org.springframework.dao.DuplicateKeyException;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The projection tables: read as a {@link ProjectionLookup}, written a unit of {@link ProjectionChanges} at a
 * time. Callers run {@link #write} inside a transaction, with the consumer's offsets, so rows and offsets commit
 * together or not at all.
 */
public class JdbcProjectionStore implements ProjectionLookup {

    /** Child tables first, so a reset never leaves a row pointing at nothing. */
    static final List<String> TABLES = List.of("rpt_claim_retirements", "rpt_claims",
            "rpt_retirement_plan_withdrawals", "rpt_retirement_plans", "rpt_quarantine", "rpt_anomalies", "rpt_freezes", "rpt_invalidations", "rpt_expirations", "rpt_cancellations", "rpt_retirements",
            "rpt_transfers", "rpt_issuances", "rpt_holdings", "rpt_batches", "rpt_projects", "rpt_accounts",
            "rpt_events", "rpt_consumer_offsets", "rpt_consumer_topics", "rpt_projection_counts");

    private static final int IN_LIST_CHUNK = 500;

    private final JdbcTemplate jdbc;
    private Boolean postgres;

    public JdbcProjectionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- lookup -------------------------------------------------------------------------------------------

    @Override
    public Set<UUID> knownEventIds(Collection<UUID> eventIds) {
        Set<UUID> known = new HashSet<>();
        List<UUID> ids = new ArrayList<>(eventIds);
        for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
            String placeholders = String.join(",", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT event_id FROM rpt_events WHERE event_id IN (" + placeholders + ")",
                    ps -> {
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setObject(i + 1, chunk.get(i));
                        }
                    },
                    rs -> {
                        known.add(rs.getObject(1, UUID.class));
                    });
        }
        return known;
    }

    /** Every event id in the projection, read with a cursor. */
    public void forEachEventId(java.util.function.Consumer<UUID> each) {
        JdbcTemplate cursor = new JdbcTemplate(jdbc.getDataSource());
        cursor.setFetchSize(10_000);
        cursor.query("SELECT event_id FROM rpt_events", rs -> {
            each.accept(rs.getObject(1, UUID.class));
        });
    }

    private static final String BATCH_COLUMNS = "SELECT batch_id, project_id, standard, project_country, category,"
            + " removal_sink, vintage_start, vintage_end, serial_prefix, labels, corresponding_adjustment, issued,"
            + " issued_at, issued_to, event_id, retired, cancelled, frozen FROM rpt_batches";

    @Override
    public Optional<ProjectionChanges.BatchState> batch(String batchId) {
        return jdbc.query(BATCH_COLUMNS + " WHERE batch_id = ?",
                rs -> rs.next() ? Optional.of(batchState(rs)) : Optional.empty(), batchId);
    }

    @Override
    public Map<String, ProjectionChanges.BatchState> batches(Collection<String> batchIds) {
        Map<String, ProjectionChanges.BatchState> found = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement(BATCH_COLUMNS + " WHERE batch_id = ANY (?)");
            select.setArray(1, connection.createArrayOf("VARCHAR", batchIds.toArray()));
            return select;
        }, rs -> {
            ProjectionChanges.BatchState batch = batchState(rs);
            found.put(batch.batchId(), batch);
        });
        return found;
    }

    private static ProjectionChanges.BatchState batchState(ResultSet rs) throws SQLException {
        return new ProjectionChanges.BatchState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class),
                rs.getString(9), rs.getString(10), rs.getBoolean(11), rs.getLong(12), instant(rs, 13), rs.getString(14),
                rs.getObject(15, UUID.class), rs.getLong(16), rs.getLong(17), rs.getBoolean(18), true);
    }

    @Override
    public Optional<SerialRanges> holding(String accountId, String batchId) {
        return jdbc.query("SELECT serial_blocks FROM rpt_holdings WHERE account_id = ? AND batch_id = ?",
                rs -> rs.next() ? Optional.of(SerialRanges.of(SerialBlocksText.parse(rs.getString(1)))) : Optional.empty(),
                accountId, batchId);
    }

    /** One query: the accounts and batches named, then only the pairs asked for. */
    @Override
    public Map<HoldingKey, SerialRanges> holdings(Collection<HoldingKey> keys) {
        Set<HoldingKey> wanted = new HashSet<>(keys);
        Map<HoldingKey, SerialRanges> found = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("SELECT account_id, batch_id, serial_blocks"
                    + " FROM rpt_holdings WHERE account_id = ANY (?) AND batch_id = ANY (?)");
            select.setArray(1, connection.createArrayOf("VARCHAR",
                    wanted.stream().map(HoldingKey::accountId).distinct().toArray()));
            select.setArray(2, connection.createArrayOf("VARCHAR",
                    wanted.stream().map(HoldingKey::batchId).distinct().toArray()));
            return select;
        }, rs -> {
            HoldingKey key = new HoldingKey(rs.getString(1), rs.getString(2));
            if (wanted.contains(key)) {
                found.put(key, SerialRanges.of(SerialBlocksText.parse(rs.getString(3))));
            }
        });
        return found;
    }

    @Override
    public long lastSeq() {
        Long max = jdbc.queryForObject("SELECT MAX(seq) FROM rpt_events", Long.class);
        return max == null ? 0 : max;
    }

    // ---- write --------------------------------------------------------------------------------------------

    /**
     * Writes one unit's rows and the consumer's new position on {@code topic}, trusting whatever offsets are stored
     * (one writer only: tests and tools). Call inside a transaction.
     */
    public void write(String topic, ProjectionChanges changes) {
        write(topic, changes, storedOffsets(topic));
    }

    /**
     * Writes one unit's rows and the consumer's new position on {@code topic}, fenced: each partition's stored offset
     * must still be the one the unit started from ({@code startOffsets}; a partition missing there must have no row),
     * otherwise {@link StaleWriterException} and the caller's transaction rolls back. Call inside a transaction.
     */
    public void write(String topic, ProjectionChanges changes, Map<Integer, Long> startOffsets) {
        append("rpt_events", "event_id, seq, event_type, aggregate_id, aggregate_sequence, occurred_at, actor,"
                + " kafka_partition, kafka_offset, leaf_hash", changes.events(), (row, e) -> {
                    row.uuid(e.eventId());
                    row.number(e.seq());
                    row.text(e.type());
                    row.text(e.aggregateId());
                    row.number(e.aggregateSequence());
                    row.instant(e.occurredAt());
                    row.text(e.actor());
                    row.number(e.partition());
                    row.number(e.offset());
                    row.text(e.leafHash());
                });
        insert("INSERT INTO rpt_accounts (account_id, name, account_type, jurisdiction, opened_at, event_id)"
                + " VALUES (?,?,?,?,?,?)", changes.accounts(), (ps, a) -> {
                    ps.setString(1, a.accountId());
                    ps.setString(2, a.name());
                    ps.setString(3, a.accountType());
                    ps.setString(4, a.jurisdiction());
                    setInstant(ps, 5, a.openedAt());
                    setUuid(ps, 6, a.eventId());
                });
        insert("INSERT INTO rpt_projects (project_id, name, standard, methodology, country, category, removal_sink,"
                        + " project_type, developer_account_id, registered_at, event_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                changes.projects(), (ps, p) -> {
                    ps.setString(1, p.projectId());
                    ps.setString(2, p.name());
                    ps.setString(3, p.standard());
                    ps.setString(4, p.methodology());
                    ps.setString(5, p.country());
                    ps.setString(6, p.category());
                    ps.setString(7, p.removalSink());
                    ps.setString(8, p.projectType());
                    ps.setString(9, p.developerAccountId());
                    setInstant(ps, 10, p.registeredAt());
                    setUuid(ps, 11, p.eventId());
                });
        writeBatches(changes.batches());
        writeHoldings(changes.holdings());
        append("rpt_issuances", "event_id, batch_id, to_account, quantity, serial_blocks, occurred_at, first_serial,"
                + " last_serial", changes.issuances(), (row, i) -> {
                    row.uuid(i.eventId());
                    row.text(i.batchId());
                    row.text(i.toAccount());
                    row.number(i.quantity());
                    row.text(i.serialBlocks());
                    row.instant(i.occurredAt());
                    row.number(i.firstSerial());
                    row.number(i.lastSerial());
                });
        append("rpt_transfers", "event_id, batch_id, from_account, to_account, quantity, serial_blocks, occurred_at",
                changes.transfers(), (row, t) -> {
                    row.uuid(t.eventId());
                    row.text(t.batchId());
                    row.text(t.fromAccount());
                    row.text(t.toAccount());
                    row.number(t.quantity());
                    row.text(t.serialBlocks());
                    row.instant(t.occurredAt());
                });
        append("rpt_retirements", "retirement_id, event_id, seq, batch_id, account_id, quantity, serial_blocks,"
                + " beneficiary_commitment, purpose_commitment, reporting_year, jurisdiction, occurred_at,"
                + " kafka_partition, kafka_offset, leaf_hash", changes.retirements(), (row, r) -> {
                    row.text(r.retirementId());
                    row.uuid(r.eventId());
                    row.number(r.seq());
                    row.text(r.batchId());
                    row.text(r.accountId());
                    row.number(r.quantity());
                    row.text(r.serialBlocks());
                    row.text(r.beneficiaryCommitment());
                    row.text(r.purposeCommitment());
                    row.number(r.reportingYear());
                    row.text(r.jurisdiction());
                    row.instant(r.occurredAt());
                    row.number(r.partition());
                    row.number(r.offset());
                    row.text(r.leafHash());
                });
        append("rpt_cancellations", "event_id, batch_id, account_id, quantity, serial_blocks, reason, occurred_at",
                changes.cancellations(), (row, c) -> {
                    row.uuid(c.eventId());
                    row.text(c.batchId());
                    row.text(c.accountId());
                    row.number(c.quantity());
                    row.text(c.serialBlocks());
                    row.text(c.reason());
                    row.instant(c.occurredAt());
                });
        append("rpt_expirations", "event_id, batch_id, account_id, quantity, serial_blocks, expires_on, occurred_at",
                changes.expirations(), (row, x) -> {
                    row.uuid(x.eventId());
                    row.text(x.batchId());
                    row.text(x.accountId());
                    row.number(x.quantity());
                    row.text(x.serialBlocks());
                    row.date(x.expiresOn());
                    row.instant(x.occurredAt());
                });
        // The batch row exists by now (written above); its expired total is the sum of its expirations.
        insert("UPDATE rpt_batches SET expired = COALESCE(expired, 0) + ? WHERE batch_id = ?", changes.expirations(),
                (ps, x) -> {
                    ps.setLong(1, x.quantity());
                    ps.setString(2, x.batchId());
                });
        append("rpt_freezes", "event_id, batch_id, frozen, reason, occurred_at", changes.freezes(), (row, f) -> {
            row.uuid(f.eventId());
            row.text(f.batchId());
            row.flag(f.frozen());
            row.text(f.reason());
            row.instant(f.occurredAt());
        });
        // The first invalidation of a batch stands; the registry never writes a second (the monitor names one).
        insert("INSERT INTO rpt_invalidations (batch_id, event_id, reason, quantity, occurred_at, kafka_partition,"
                + " kafka_offset) SELECT ?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM rpt_invalidations WHERE batch_id = ?)",
                changes.invalidations(), (ps, v) -> {
                    ps.setString(1, v.batchId());
                    setUuid(ps, 2, v.eventId());
                    ps.setString(3, v.reason());
                    ps.setLong(4, v.quantity());
                    setInstant(ps, 5, v.occurredAt());
                    ps.setInt(6, v.partition());
                    ps.setLong(7, v.offset());
                    ps.setString(8, v.batchId());
                });
        insert("INSERT INTO rpt_retirement_plans (plan_id, event_id, account_id, quantity, planned_year,"
                        + " based_on_existing_contracts, note_commitment, occurred_at, kafka_partition, kafka_offset)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?)", changes.plans(), (ps, p) -> {
                    ps.setString(1, p.planId());
                    setUuid(ps, 2, p.eventId());
                    ps.setString(3, p.accountId());
                    ps.setLong(4, p.quantity());
                    ps.setInt(5, p.plannedYear());
                    ps.setBoolean(6, p.basedOnExistingContracts());
                    ps.setString(7, p.noteCommitment());
                    setInstant(ps, 8, p.occurredAt());
                    ps.setInt(9, p.partition());
                    ps.setLong(10, p.offset());
                });
        insert("INSERT INTO rpt_retirement_plan_withdrawals (plan_id, event_id, account_id, occurred_at, kafka_partition,"
                + " kafka_offset) VALUES (?,?,?,?,?,?)", changes.planWithdrawals(), (ps, w) -> {
                    ps.setString(1, w.planId());
                    setUuid(ps, 2, w.eventId());
                    ps.setString(3, w.accountId());
                    setInstant(ps, 4, w.occurredAt());
                    ps.setInt(5, w.partition());
                    ps.setLong(6, w.offset());
                });
        insert("INSERT INTO rpt_claims (claim_id, event_id, account_id, claim_type, period_start, period_end,"
                        + " statement_commitment, tonnes, occurred_at, kafka_partition, kafka_offset, leaf_hash)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", changes.claims(), (ps, c) -> {
                    ps.setString(1, c.claimId());
                    setUuid(ps, 2, c.eventId());
                    ps.setString(3, c.accountId());
                    ps.setString(4, c.type());
                    ps.setObject(5, c.periodStart());
                    ps.setObject(6, c.periodEnd());
                    ps.setString(7, c.statementCommitment());
                    ps.setLong(8, c.tonnes());
                    setInstant(ps, 9, c.occurredAt());
                    ps.setInt(10, c.partition());
                    ps.setLong(11, c.offset());
                    ps.setString(12, c.leafHash());
                });
        record ClaimItem(String claimId, int itemNo, ProjectionChanges.ClaimedRetirementRow retirement) {
        }
        List<ClaimItem> claimed = new ArrayList<>();
        for (ProjectionChanges.ClaimRow claim : changes.claims()) {
            for (int i = 0; i < claim.retirements().size(); i++) {
                claimed.add(new ClaimItem(claim.claimId(), i, claim.retirements().get(i)));
            }
        }
        insert("INSERT INTO rpt_claim_retirements (claim_id, item_no, retirement_id, retirement_event_id, batch_id, quantity)"
                + " VALUES (?,?,?,?,?,?)", claimed, (ps, c) -> {
                    ProjectionChanges.ClaimedRetirementRow r = c.retirement();
                    ps.setString(1, c.claimId());
                    ps.setInt(2, c.itemNo());
                    ps.setString(3, r.retirementId());
                    setUuid(ps, 4, r.retirementEventId());
                    ps.setString(5, r.batchId());
                    ps.setLong(6, r.quantity());
                });
        insert("INSERT INTO rpt_anomalies (kafka_partition, kafka_offset, event_id, problem) VALUES (?,?,?,?)",
                List.copyOf(changes.anomalies()), (ps, a) -> {
                    ps.setInt(1, a.partition());
                    ps.setLong(2, a.offset());
                    setUuid(ps, 3, a.eventId());
                    ps.setString(4, a.problem());
                });
        insert("INSERT INTO rpt_quarantine (kafka_partition, kafka_offset, event_id, event_type, key_id, reason, detail)"
                + " VALUES (?,?,?,?,?,?,?)", changes.quarantined(), (ps, q) -> {
                    ps.setInt(1, q.partition());
                    ps.setLong(2, q.offset());
                    setUuid(ps, 3, q.eventId());
                    ps.setString(4, q.eventType() == null ? null : truncate(q.eventType(), 40));
                    ps.setString(5, q.keyId() == null ? null : truncate(q.keyId(), 40));
                    ps.setString(6, q.reason());
                    ps.setString(7, truncate(q.detail(), 4000));
                });
        writeProgress(topic, changes, startOffsets);
        addCounts(changes);
    }

    /**
     * Adds the rows {@code changes} wrote to the counts row of the lowest partition it moved. After the fence, so the
     * partition's offset row, and with it this counts row, is this writer's alone until it commits.
     */
    private void addCounts(ProjectionChanges changes) {
        ProjectionCounts added = ProjectionCounts.addedBy(changes);
        if (added.equals(ProjectionCounts.NONE)) {
            return;
        }
        int partition = changes.progress().stream().mapToInt(ProjectionChanges.PartitionProgress::partition).min()
                .orElse(ProjectionCounts.BASELINE);
        Object[] parameters = added.parameters(partition);
        int updated = jdbc.update("UPDATE rpt_projection_counts SET events = events + ?, accounts = accounts + ?,"
                + " projects = projects + ?, batches = batches + ?, retirements = retirements + ?,"
                + " anomalies = anomalies + ?, quarantined = quarantined + ? WHERE kafka_partition = ?", parameters);
        if (updated == 0) {
            jdbc.update(ProjectionCounts.INSERT, parameters);
        }
    }

    /** How many rows the projection holds, as its writes counted them. */
    public ProjectionCounts counts() {
        return jdbc.queryForObject("SELECT COALESCE(SUM(events), 0), COALESCE(SUM(accounts), 0),"
                + " COALESCE(SUM(projects), 0), COALESCE(SUM(batches), 0), COALESCE(SUM(retirements), 0),"
                + " COALESCE(SUM(anomalies), 0), COALESCE(SUM(quarantined), 0) FROM rpt_projection_counts",
                (rs, row) -> new ProjectionCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7)));
    }

    private static String truncate(String text, int length) {
        return text.length() > length ? text.substring(0, length) : text;
    }

    private void writeBatches(Collection<ProjectionChanges.BatchState> batches) {
        append("rpt_batches", "batch_id, project_id, standard, project_country, category, removal_sink, vintage_start,"
                        + " vintage_end, serial_prefix, labels, corresponding_adjustment, issued, retired, cancelled, frozen,"
                        + " issued_at, issued_to, event_id",
                batches.stream().filter(b -> !b.persisted()).toList(), (row, b) -> {
                    row.text(b.batchId());
                    row.text(b.projectId());
                    row.text(b.standard());
                    row.text(b.projectCountry());
                    row.text(b.category());
                    row.text(b.removalSink());
                    row.date(b.vintageStart());
                    row.date(b.vintageEnd());
                    row.text(b.serialPrefix());
                    row.text(b.labels());
                    row.flag(b.correspondingAdjustment());
                    row.number(b.issued());
                    row.number(b.retired());
                    row.number(b.cancelled());
                    row.flag(b.frozen());
                    row.instant(b.issuedAt());
                    row.text(b.issuedTo());
                    row.uuid(b.eventId());
                });
        List<ProjectionChanges.BatchState> changed = batches.stream().filter(b -> b.persisted() && b.dirty()).toList();
        if (postgres() && !changed.isEmpty()) {
            updateFromArrays("UPDATE rpt_batches b SET retired = u.retired, cancelled = u.cancelled, frozen = u.frozen,"
                    + " corresponding_adjustment = u.adjusted"
                    + " FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::boolean[], ?::boolean[])"
                    + " AS u(batch_id, retired, cancelled, frozen, adjusted) WHERE b.batch_id = u.batch_id", changed,
                    new ArrayColumn<>("varchar", ProjectionChanges.BatchState::batchId),
                    new ArrayColumn<>("bigint", ProjectionChanges.BatchState::retired),
                    new ArrayColumn<>("bigint", ProjectionChanges.BatchState::cancelled),
                    new ArrayColumn<>("boolean", ProjectionChanges.BatchState::frozen),
                    new ArrayColumn<>("boolean", ProjectionChanges.BatchState::correspondingAdjustment));
        } else {
            insert("UPDATE rpt_batches SET retired = ?, cancelled = ?, frozen = ?, corresponding_adjustment = ?"
                            + " WHERE batch_id = ?",
                    changed, (ps, b) -> {
                        ps.setLong(1, b.retired());
                        ps.setLong(2, b.cancelled());
                        ps.setBoolean(3, b.frozen());
                        ps.setBoolean(4, b.correspondingAdjustment());
                        ps.setString(5, b.batchId());
                    });
        }
    }

    private void writeHoldings(Collection<ProjectionChanges.HoldingState> holdings) {
        List<ProjectionChanges.HoldingState> inserted = new ArrayList<>();
        List<ProjectionChanges.HoldingState> updated = new ArrayList<>();
        List<ProjectionChanges.HoldingState> deleted = new ArrayList<>();
        for (ProjectionChanges.HoldingState holding : holdings) {
            if (holding.serials().isEmpty()) {
                if (holding.persisted()) {
                    deleted.add(holding);
                }
            } else if (holding.persisted()) {
                updated.add(holding);
            } else {
                inserted.add(holding);
            }
        }
        append("rpt_holdings", "quantity, serial_blocks, account_id, batch_id", inserted, (row, h) -> {
            row.number(h.serials().total());
            row.text(SerialBlocksText.format(h.serials().blocks()));
            row.text(h.accountId());
            row.text(h.batchId());
        });
        if (postgres() && !updated.isEmpty()) {
            updateFromArrays("UPDATE rpt_holdings h SET quantity = u.quantity, serial_blocks = u.serial_blocks"
                    + " FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[])"
                    + " AS u(account_id, batch_id, quantity, serial_blocks)"
                    + " WHERE h.account_id = u.account_id AND h.batch_id = u.batch_id", updated,
                    new ArrayColumn<>("varchar", ProjectionChanges.HoldingState::accountId),
                    new ArrayColumn<>("varchar", ProjectionChanges.HoldingState::batchId),
                    new ArrayColumn<>("bigint", h -> h.serials().total()),
                    new ArrayColumn<>("varchar", h -> SerialBlocksText.format(h.serials().blocks())));
        } else {
            insert("UPDATE rpt_holdings SET quantity = ?, serial_blocks = ? WHERE account_id = ? AND batch_id = ?",
                    updated, JdbcProjectionStore::setHolding);
        }
        insert("DELETE FROM rpt_holdings WHERE account_id = ? AND batch_id = ?", deleted, (ps, h) -> {
            ps.setString(1, h.accountId());
            ps.setString(2, h.batchId());
        });
    }

    private static void setHolding(PreparedStatement ps, ProjectionChanges.HoldingState holding) throws SQLException {
        ps.setLong(1, holding.serials().total());
        ps.setString(2, SerialBlocksText.format(holding.serials().blocks()));
        ps.setString(3, holding.accountId());
        ps.setString(4, holding.batchId());
    }

    /**
     * The offsets are the fence between instances: each update names the offset the unit started from, so a writer
     * that lost its partition (and so wrote nothing that moved it) finds 0 rows and rolls back everything it wrote;
     * a first-time insert that races another is refused by the primary key.
     */
    private void writeProgress(String topic, ProjectionChanges changes, Map<Integer, Long> startOffsets) {
        long watermark = changes.lastSeq();
        for (ProjectionChanges.PartitionProgress progress : changes.progress()) {
            Long expected = startOffsets.get(progress.partition());
            int updated;
            if (expected == null) {
                try {
                    updated = jdbc.update("INSERT INTO rpt_consumer_offsets (topic, kafka_partition, next_offset,"
                            + " last_event_id, last_event_time, watermark_seq) VALUES (?,?,?,?,?,?)", ps -> {
                                ps.setString(1, topic);
                                ps.setInt(2, progress.partition());
                                ps.setLong(3, progress.nextOffset());
                                setUuid(ps, 4, progress.lastEventId());
                                setInstant(ps, 5, progress.lastEventTime());
                                ps.setLong(6, watermark);
                            });
                } catch (DuplicateKeyException concurrent) {
                    throw new StaleWriterException(topic, progress.partition(), null, concurrent);
                }
            } else if (progress.lastEventId() == null) {
                updated = jdbc.update("UPDATE rpt_consumer_offsets SET next_offset = ?, watermark_seq = ?"
                                + " WHERE topic = ? AND kafka_partition = ? AND next_offset = ?",
                        progress.nextOffset(), watermark, topic, progress.partition(), expected);
            } else {
                updated = jdbc.update("UPDATE rpt_consumer_offsets SET next_offset = ?, last_event_id = ?, last_event_time = ?,"
                                + " watermark_seq = ? WHERE topic = ? AND kafka_partition = ? AND next_offset = ?",
                        ps -> {
                            ps.setLong(1, progress.nextOffset());
                            setUuid(ps, 2, progress.lastEventId());
                            setInstant(ps, 3, progress.lastEventTime());
                            ps.setLong(4, watermark);
                            ps.setString(5, topic);
                            ps.setInt(6, progress.partition());
                            ps.setLong(7, expected);
                        });
            }
            if (updated != 1) {
                throw new StaleWriterException(topic, progress.partition(), expected, null);
            }
        }
    }

    // ---- consumer position --------------------------------------------------------------------------------

    /** partition -> next offset to read, as committed with the projection rows. */
    public Map<Integer, Long> storedOffsets(String topic) {
        Map<Integer, Long> offsets = new TreeMap<>();
        jdbc.query("SELECT kafka_partition, next_offset FROM rpt_consumer_offsets WHERE topic = ?",
                rs -> {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }, topic);
        return offsets;
    }

    /** The topic id the stored offsets belong to, if any were stored. */
    public Optional<String> storedTopicId(String topic) {
        return jdbc.query("SELECT topic_id FROM rpt_consumer_topics WHERE topic = ?",
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty(), topic);
    }

    public void rememberTopicId(String topic, String topicId) {
        if (jdbc.update("UPDATE rpt_consumer_topics SET topic_id = ? WHERE topic = ?", topicId, topic) == 0) {
            jdbc.update("INSERT INTO rpt_consumer_topics (topic, topic_id) VALUES (?, ?)", topic, topicId);
        }
    }

    /**
     * Empties every projection table and the stored offsets. Call inside a transaction; where a
     * {@link ProjectionIngest} writes, use its {@link ProjectionIngest#reset()}, which also forgets what it cached.
     */
    public void reset() {
        TABLES.forEach(table -> jdbc.update("DELETE FROM " + table));
        jdbc.update(ProjectionCounts.INSERT, ProjectionCounts.NONE.parameters(ProjectionCounts.BASELINE));
        // Other instances compare this with the epoch they positioned themselves at, and start over from offset 0.
        if (jdbc.update("UPDATE rpt_projection_epoch SET epoch = epoch + 1 WHERE id = 1") == 0) {
            jdbc.update("INSERT INTO rpt_projection_epoch (id, epoch) VALUES (1, 1)");
        }
    }

    /** How many times the projection was emptied (replays, re-created topics): 0 before the first. */
    public long epoch() {
        Long epoch = jdbc.query("SELECT epoch FROM rpt_projection_epoch WHERE id = 1",
                rs -> rs.next() ? rs.getLong(1) : null);
        return epoch == null ? 0 : epoch;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface RowSetter<T> {
        void set(PreparedStatement ps, T row) throws SQLException;
    }

    /**
     * Appends rows to a table: on PostgreSQL with one {@code COPY} (the server parses no statement and plans nothing
     * per row, which a catch-up spent most of its database time on), elsewhere as a batched INSERT.
     */
    private <T> void append(String table, String columns, List<T> rows, RowSink.Mapper<T> mapper) {
        if (rows.isEmpty()) {
            return;
        }
        if (!postgres()) {
            String parameters = String.join(",", Collections.nCopies(columns.split(",").length, "?"));
            insert("INSERT INTO " + table + " (" + columns + ") VALUES (" + parameters + ")", rows,
                    (ps, row) -> mapper.map(new RowSink.Parameters(ps), row));
            return;
        }
        StringBuilder text = new StringBuilder(rows.size() * 160);
        RowSink.CopyText sink = new RowSink.CopyText(text);
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            for (T row : rows) {
                mapper.map(sink, row);
                sink.endRow();
            }
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(text.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One column of an {@code UPDATE ... FROM unnest(...)}: its SQL array type and each row's value. */
    private record ArrayColumn<T>(String type, Function<T, Object> value) {
    }

    /**
     * Updates many rows with one statement on PostgreSQL, {@code sql} taking one array per column (in order), instead
     * of one execution per row.
     */
    @SafeVarargs
    private <T> void updateFromArrays(String sql, List<T> rows, ArrayColumn<T>... columns) {
        jdbc.update(connection -> {
            PreparedStatement update = connection.prepareStatement(sql);
            for (int i = 0; i < columns.length; i++) {
                update.setArray(i + 1, connection.createArrayOf(columns[i].type(),
                        rows.stream().map(columns[i].value()).toArray()));
            }
            return update;
        });
    }

    /** Whether the projection is on PostgreSQL (asked once). */
    private boolean postgres() {
        if (postgres == null) {
            postgres = jdbc.execute((ConnectionCallback<Boolean>) connection -> connection.isWrapperFor(PGConnection.class));
        }
        return postgres;
    }

    private <T> void insert(String sql, List<T> rows, RowSetter<T> setter) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                setter.set(ps, rows.get(i));
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    public static void setUuid(PreparedStatement ps, int index, UUID uuid) throws SQLException {
        if (uuid == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setObject(index, uuid);
        }
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

}
