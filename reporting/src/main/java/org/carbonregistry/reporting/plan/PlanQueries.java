package org.carbonregistry.reporting.plan;

import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ReportWindow;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The retirement plans a report states (see {@link PlannedRetirements} for which). */
public class PlanQueries {

    private final JdbcTemplate jdbc;

    public PlanQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param accountId null for every account */
    public PlannedRetirements planned(String accountId, int reportingYear, ReportWindow window, boolean listed) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT p.plan_id, p.event_id, p.account_id, p.quantity, p.planned_year,"
                + " p.based_on_existing_contracts, p.occurred_at FROM rpt_retirement_plans p WHERE ")
                .append(window.condition("p", values))
                .append(" AND p.planned_year > ?");
        values.add(reportingYear);
        if (accountId != null) {
            sql.append(" AND p.account_id = ?");
            values.add(accountId);
        }
        // a withdrawal the report cannot see yet (later than asOf, beyond the watermark) leaves the plan standing
        sql.append(" AND NOT EXISTS (SELECT 1 FROM rpt_retirement_plan_withdrawals w WHERE w.plan_id = p.plan_id AND ")
                .append(window.condition("w", values))
                .append(") ORDER BY p.planned_year, p.occurred_at, p.plan_id");
        List<PlannedRetirements.Plan> plans = jdbc.query(sql.toString(), ReportWindow.parameters(values),
                (rs, row) -> new PlannedRetirements.Plan(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getLong(4), rs.getInt(5), rs.getBoolean(6), JdbcProjectionStore.instant(rs, 7)));
        return PlannedRetirements.of(plans, listed);
    }
}
