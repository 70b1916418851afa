package org.carbonregistry.reporting.personaldata;

import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.RetirementPersonalData;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The personal data of retirements ({@code rpt_personal_data}) and the position on {@code registry.personal-data}
 * ({@code rpt_personal_data_offsets}). A record is kept only if it opens the commitments its retirement carries in the
 * log ({@code rpt_retirements}); one that arrives before its retirement is kept as pending and checked when the
 * retirement is projected ({@link #retirementsProjected}). Erasure (a tombstone or {@code PersonalDataErased}) deletes
 * the text and salts and leaves the mark. Every method runs inside the caller's transaction.
 *
 * <p>Neither this class nor its callers log or throw anything that contains the text or the salts.
 */
public class PersonalDataStore {

    private final JdbcTemplate jdbc;

    public PersonalDataStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies one record of the topic. */
    public PersonalDataOutcome apply(PersonalDataRecord record) {
        if (record.retirementId() == null || record.retirementId().isBlank()) {
            return PersonalDataOutcome.REJECTED;
        }
        if (record.tombstone()) {
            erase(record.retirementId());
            return PersonalDataOutcome.ERASED;
        }
        RetirementPersonalData data;
        try {
            data = RetirementPersonalData.fromJson(record.value());
        } catch (RuntimeException unreadable) {
            return PersonalDataOutcome.REJECTED;
        }
        if (!data.retirementId().equals(record.retirementId())) {
            return PersonalDataOutcome.REJECTED;
        }
        Optional<PersonalData> stored = find(data.retirementId());
        if (stored.isPresent() && stored.get().erased()) {
            return PersonalDataOutcome.AFTER_ERASURE;
        }
        Optional<String[]> commitments = commitments(data.retirementId());
        if (commitments.isEmpty()) {
            save(data, PersonalData.PENDING);
            return PersonalDataOutcome.PENDING;
        }
        if (!opens(data, commitments.get()[0], commitments.get()[1])) {
            return PersonalDataOutcome.REJECTED;
        }
        save(data, PersonalData.VERIFIED);
        return PersonalDataOutcome.VERIFIED;
    }

    /** A retirement just projected, with the commitments its personal data has to open. */
    public record ProjectedRetirement(String retirementId, String beneficiaryCommitment, String purposeCommitment) {
    }

    /**
     * Retirements were projected: pending personal data for them is checked now, in the order given. One outcome per
     * retirement that had pending data to check. The pending rows are read in one query, not one per retirement: a
     * catch-up projects hundreds of retirements per transaction, and on PostgreSQL each query is a round trip.
     */
    public List<PersonalDataOutcome> retirementsProjected(List<ProjectedRetirement> retirements) {
        if (retirements.isEmpty()) {
            return List.of();
        }
        Map<String, PersonalData> pending = pending(retirements.stream().map(ProjectedRetirement::retirementId)
                .distinct().toArray(String[]::new));
        List<PersonalDataOutcome> outcomes = new ArrayList<>();
        for (ProjectedRetirement retirement : retirements) {
            PersonalData data = pending.remove(retirement.retirementId()); // checked once: then it is pending no more
            if (data != null) {
                outcomes.add(check(data, retirement.beneficiaryCommitment(), retirement.purposeCommitment()));
            }
        }
        return outcomes;
    }

    private Map<String, PersonalData> pending(String[] retirementIds) {
        Map<String, PersonalData> pending = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("SELECT retirement_id, state, beneficiary, purpose,"
                    + " beneficiary_salt, purpose_salt FROM rpt_personal_data WHERE state = ? AND retirement_id = ANY (?)");
            select.setString(1, PersonalData.PENDING);
            select.setArray(2, connection.createArrayOf("VARCHAR", retirementIds));
            return select;
        }, rs -> {
            PersonalData data = personalData(rs);
            pending.put(data.retirementId(), data);
        });
        return pending;
    }

    /** Pending data meets its retirement's commitments: verified if it opens them, otherwise deleted. */
    private PersonalDataOutcome check(PersonalData pending, String beneficiaryCommitment, String purposeCommitment) {
        String retirementId = pending.retirementId();
        RetirementPersonalData data = new RetirementPersonalData(retirementId, pending.beneficiary(), pending.purpose(),
                pending.beneficiarySalt(), pending.purposeSalt());
        if (opens(data, beneficiaryCommitment, purposeCommitment)) {
            jdbc.update("UPDATE rpt_personal_data SET state = ? WHERE retirement_id = ?", PersonalData.VERIFIED, retirementId);
            return PersonalDataOutcome.VERIFIED;
        }
        jdbc.update("DELETE FROM rpt_personal_data WHERE retirement_id = ?", retirementId);
        return PersonalDataOutcome.REJECTED;
    }

    /**
     * Pending personal data whose retirement is projected after all: with several instances, a record and its
     * retirement can be written concurrently by two of them, each not seeing the other's uncommitted row.
     */
    public List<PersonalDataOutcome> checkPending() {
        // the pending rows and their retirements' commitments in one read, then each checked
        List<PendingWithCommitments> found = jdbc.query("SELECT p.retirement_id, p.state, p.beneficiary, p.purpose,"
                        + " p.beneficiary_salt, p.purpose_salt, r.beneficiary_commitment, r.purpose_commitment"
                        + " FROM rpt_personal_data p JOIN rpt_retirements r ON r.retirement_id = p.retirement_id"
                        + " WHERE p.state = ?",
                (rs, row) -> new PendingWithCommitments(personalData(rs), rs.getString(7), rs.getString(8)),
                PersonalData.PENDING);
        return found.stream().map(p -> check(p.data(), p.beneficiaryCommitment(), p.purposeCommitment())).toList();
    }

    private record PendingWithCommitments(PersonalData data, String beneficiaryCommitment, String purposeCommitment) {
    }

    /** Deletes the text and salts; the row stays as the mark that the retirement's personal data was erased. */
    public void erase(String retirementId) {
        int updated = jdbc.update("UPDATE rpt_personal_data SET state = ?, beneficiary = NULL, purpose = NULL,"
                + " beneficiary_salt = NULL, purpose_salt = NULL WHERE retirement_id = ?", PersonalData.ERASED, retirementId);
        if (updated == 0) {
            jdbc.update("INSERT INTO rpt_personal_data (retirement_id, state) VALUES (?, ?)", retirementId,
                    PersonalData.ERASED);
        }
    }

    public Optional<PersonalData> find(String retirementId) {
        return jdbc.query("SELECT retirement_id, state, beneficiary, purpose, beneficiary_salt, purpose_salt"
                        + " FROM rpt_personal_data WHERE retirement_id = ?",
                rs -> rs.next() ? Optional.of(personalData(rs)) : Optional.empty(), retirementId);
    }

    private static PersonalData personalData(ResultSet rs) throws SQLException {
        return new PersonalData(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6));
    }

    /** partition -> next offset of {@code registry.personal-data}. */
    public Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> offsets = new TreeMap<>();
        jdbc.query("SELECT kafka_partition, next_offset FROM rpt_personal_data_offsets", rs -> {
            offsets.put(rs.getInt(1), rs.getLong(2));
        });
        return offsets;
    }

    public void storeOffset(int partition, long nextOffset) {
        if (jdbc.update("UPDATE rpt_personal_data_offsets SET next_offset = ? WHERE kafka_partition = ?",
                nextOffset, partition) == 0) {
            jdbc.update("INSERT INTO rpt_personal_data_offsets (kafka_partition, next_offset) VALUES (?, ?)",
                    partition, nextOffset);
        }
    }

    private Optional<String[]> commitments(String retirementId) {
        return jdbc.query("SELECT beneficiary_commitment, purpose_commitment FROM rpt_retirements WHERE retirement_id = ?",
                rs -> rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty(),
                retirementId);
    }

    private void save(RetirementPersonalData data, String state) {
        Object[] values = {state, data.beneficiary(), data.purpose(), data.beneficiarySalt(), data.purposeSalt(),
                data.retirementId()};
        if (jdbc.update("UPDATE rpt_personal_data SET state = ?, beneficiary = ?, purpose = ?, beneficiary_salt = ?,"
                + " purpose_salt = ? WHERE retirement_id = ?", values) == 0) {
            jdbc.update("INSERT INTO rpt_personal_data (state, beneficiary, purpose, beneficiary_salt, purpose_salt,"
                    + " retirement_id) VALUES (?,?,?,?,?,?)", values);
        }
    }

    /** The registry's commitment rule ({@link Commitment}) for both texts. */
    static boolean opens(RetirementPersonalData data, String beneficiaryCommitment, String purposeCommitment) {
        return Commitment.opens(beneficiaryCommitment, data.beneficiary(), data.beneficiarySalt())
                && Commitment.opens(purposeCommitment, data.purpose(), data.purposeSalt());
    }

    /** The record key as the registry writes it: the retirement id in UTF-8. */
    public static String key(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
}
