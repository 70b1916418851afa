package org.carbonregistry.reporting.claim;

import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ReportWindow;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Claims with their retirements, read in one query and grouped here. */
public class ClaimQueries {

    private static final String SELECT = "SELECT c.claim_id, c.event_id, c.account_id, c.claim_type, c.period_start,"
            + " c.period_end, c.statement_commitment, c.tonnes, c.occurred_at, c.leaf_hash,"
            + " r.retirement_id, r.retirement_event_id, r.batch_id, r.quantity, v.event_id"
            + " FROM rpt_claims c LEFT JOIN rpt_claim_retirements r ON r.claim_id = c.claim_id"
            + " LEFT JOIN rpt_invalidations v ON v.batch_id = r.batch_id";
    private static final String ORDER = " ORDER BY c.occurred_at, c.claim_id, r.item_no";

    private final JdbcTemplate jdbc;

    public ClaimQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ClaimView> find(String claimId) {
        List<ClaimView> found = query(SELECT + " WHERE c.claim_id = ?" + ORDER, List.of(claimId));
        return found.stream().findFirst();
    }

    /**
     * The claims whose period overlaps the reporting year, as the report's window sees them.
     *
     * @param accountId null for every account
     */
    public List<ClaimView> forYear(String accountId, int reportingYear, ReportWindow window) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE ").append(window.condition("c", values))
                .append(" AND c.period_start <= ? AND c.period_end >= ?");
        values.add(LocalDate.of(reportingYear, 12, 31));
        values.add(LocalDate.of(reportingYear, 1, 1));
        if (accountId != null) {
            sql.append(" AND c.account_id = ?");
            values.add(accountId);
        }
        return query(sql.append(ORDER).toString(), values);
    }

    private List<ClaimView> query(String sql, List<Object> values) {
        List<ClaimView> claims = new ArrayList<>();
        jdbc.query(sql, ReportWindow.parameters(values), (ResultSet rs) -> {
            String claimId = rs.getString(1);
            if (claims.isEmpty() || !claims.get(claims.size() - 1).claimId().equals(claimId)) {
                claims.add(claim(rs));
            }
            if (rs.getString(11) != null) {
                claims.get(claims.size() - 1).retirements().add(new ClaimView.Retirement(rs.getString(11),
                        rs.getObject(12, UUID.class), rs.getString(13), rs.getLong(14), rs.getObject(15, UUID.class)));
            }
        });
        return claims.stream().map(c -> new ClaimView(c.claimId(), c.eventId(), c.accountId(), c.type(),
                c.periodStart(), c.periodEnd(), c.statementCommitment(), c.tonnes(), c.claimedAt(), c.leafHash(),
                List.copyOf(c.retirements()))).toList();
    }

    private static ClaimView claim(ResultSet rs) throws SQLException {
        return new ClaimView(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class), rs.getString(7), rs.getLong(8),
                JdbcProjectionStore.instant(rs, 9), rs.getString(10), new ArrayList<>());
    }
}
