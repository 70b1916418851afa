package org.carbonregistry.reporting.retirement;

import org.carbonregistry.reporting.personaldata.PersonalData;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ReportWindow;
import org.carbonregistry.reporting.projection.SerialBlocksText;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads retirements with their batch and project. {@link #stream} hands rows over one at a time from a JDBC cursor,
 * so a report of any size is written without being held in memory; call it inside a (read-only) transaction so
 * that PostgreSQL really uses a cursor.
 */
public class RetirementQueries {

    // Personal data is joined when read, never copied into rpt_retirements: an erasure then reaches every report, and
    // a replay of registry.events (which leaves rpt_personal_data as it is) gives the same reports.
    static final String SELECT = "SELECT r.retirement_id, r.event_id, r.batch_id, r.account_id, r.quantity,"
            + " r.serial_blocks, b.serial_prefix, d.state, d.beneficiary, d.purpose, r.reporting_year, r.jurisdiction,"
            + " r.occurred_at, b.project_id, p.name, p.project_type, b.standard, b.project_country, b.category,"
            + " b.removal_sink, b.vintage_start, b.vintage_end, b.corresponding_adjustment, b.labels,"
            + " r.kafka_partition, r.kafka_offset, r.leaf_hash, r.beneficiary_commitment, r.purpose_commitment,"
            + " d.beneficiary_salt, d.purpose_salt, v.event_id, v.reason, v.occurred_at"
            + " FROM rpt_retirements r"
            + " LEFT JOIN rpt_batches b ON b.batch_id = r.batch_id"
            + " LEFT JOIN rpt_projects p ON p.project_id = b.project_id"
            + " LEFT JOIN rpt_personal_data d ON d.retirement_id = r.retirement_id"
            // An invalidation flags the batch's retirements whenever it came: the claim needs replacing now, so even a
            // report as of an earlier moment says so (its totals stay those of that moment).
            + " LEFT JOIN rpt_invalidations v ON v.batch_id = r.batch_id";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;

    public RetirementQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(jdbc.getDataSource());
        this.cursor.setFetchSize(500);
    }

    /** The retirements the filter covers, oldest first (then by retirement id), one at a time. */
    public void stream(RetirementFilter filter, Consumer<RetirementView> each) {
        Where where = where(filter);
        cursor.query(SELECT + where.sql() + orderBy(filter), where.parameters(),
                (RowCallbackHandler) rs -> each.accept(view(rs)));
    }

    /**
     * Oldest first, then by retirement id. The columns the filter fixes lead, which changes nothing about the order
     * but lets the database read it straight off an index instead of sorting a large result.
     */
    static String orderBy(RetirementFilter filter) {
        StringBuilder order = new StringBuilder(" ORDER BY ");
        if (filter.accountId() != null && filter.reportingYear() != null) {
            order.append("r.account_id, r.reporting_year, ");
        } else if (filter.reportingYear() != null) {
            order.append("r.reporting_year, ");
        }
        return order.append("r.occurred_at, r.retirement_id").toString();
    }

    public Optional<RetirementView> find(String retirementId) {
        return jdbc.query(SELECT + " WHERE r.retirement_id = ?",
                rs -> rs.next() ? Optional.of(view(rs)) : Optional.empty(), retirementId);
    }

    public boolean accountExists(String accountId) {
        Integer found = jdbc.query("SELECT 1 FROM rpt_accounts WHERE account_id = ?",
                rs -> rs.next() ? 1 : null, accountId);
        return found != null;
    }

    /** The WHERE clause of a filter, shared with the report's aggregate query. */
    public record Where(String sql, PreparedStatementSetter parameters) {
    }

    public static Where where(RetirementFilter filter) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder(" WHERE ")
                .append(new ReportWindow(filter.asOf(), filter.watermark()).condition("r", values));
        if (filter.accountId() != null) {
            sql.append(" AND r.account_id = ?");
            values.add(filter.accountId());
        }
        if (filter.reportingYear() != null) {
            sql.append(" AND r.reporting_year = ?");
            values.add(filter.reportingYear());
        }
        return new Where(sql.toString(), ReportWindow.parameters(values));
    }

    static RetirementView view(ResultSet rs) throws SQLException {
        String labels = rs.getString(24);
        Object adjustment = rs.getObject(23);
        Object partition = rs.getObject(25);
        Object offset = rs.getObject(26);
        String state = rs.getString(8);
        String personalData = PersonalData.VERIFIED.equals(state) ? RetirementView.PERSONAL_DATA_VERIFIED
                : PersonalData.ERASED.equals(state) ? RetirementView.PERSONAL_DATA_ERASED
                : RetirementView.PERSONAL_DATA_PENDING;
        boolean shown = personalData.equals(RetirementView.PERSONAL_DATA_VERIFIED);
        String invalidation = rs.getString(32);
        return new RetirementView(rs.getString(1), UUID.fromString(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getLong(5), SerialBlocksText.parse(rs.getString(6)), rs.getString(7),
                shown ? rs.getString(9) : null, shown ? rs.getString(10) : null,
                rs.getInt(11), rs.getString(12), JdbcProjectionStore.instant(rs, 13),
                rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18),
                rs.getString(19), rs.getString(20), rs.getObject(21, LocalDate.class), rs.getObject(22, LocalDate.class),
                adjustment == null ? null : rs.getBoolean(23),
                labels == null || labels.isEmpty() ? List.of() : Arrays.asList(labels.split(",")),
                partition == null ? null : rs.getInt(25), offset == null ? null : rs.getLong(26), rs.getString(27),
                personalData, rs.getString(28), rs.getString(29), shown ? rs.getString(30) : null,
                shown ? rs.getString(31) : null,
                invalidation == null ? null : new RetirementView.Invalidation(UUID.fromString(invalidation),
                        rs.getString(33), JdbcProjectionStore.instant(rs, 34)));
    }
}
