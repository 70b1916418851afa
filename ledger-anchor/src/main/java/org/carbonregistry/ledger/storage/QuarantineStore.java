package org.carbonregistry.ledger.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records that were refused, kept with their bytes so that nothing is silently dropped. */
public final class QuarantineStore {

    private static final int MAX_TEXT = 1000;

    private final JdbcTemplate jdbc;

    public QuarantineStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(List<QuarantinedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO ledger_quarantine (topic, kafka_partition, record_offset, record_key, record_value,"
                + " reason, detail, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        QuarantinedRecord record = records.get(i);
                        ps.setString(1, record.topic());
                        ps.setInt(2, record.partition());
                        ps.setLong(3, record.offset());
                        ps.setBytes(4, record.key());
                        ps.setBytes(5, record.value());
                        ps.setString(6, cut(record.reason()));
                        ps.setString(7, record.detail() == null ? null : cut(record.detail()));
                        ps.setLong(8, record.quarantinedAt().toEpochMilli());
                    }

                    @Override
                    public int getBatchSize() {
                        return records.size();
                    }
                });
    }

    private static String cut(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_quarantine", Long.class);
        return count == null ? 0 : count;
    }

    /** Up to {@code limit} quarantined records, oldest first. */
    public List<QuarantinedRecord> list(int limit) {
        return jdbc.query("SELECT topic, kafka_partition, record_offset, record_key, record_value, reason, detail, quarantined_at"
                        + " FROM ledger_quarantine ORDER BY quarantined_at, topic, kafka_partition, record_offset"
                        + " FETCH FIRST " + limit + " ROWS ONLY",
                (rs, row) -> new QuarantinedRecord(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4),
                        rs.getBytes(5), rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8))));
    }
}
