package org.carbonregistry.reporting.esrs;

import org.carbonregistry.reporting.retirement.RetirementFilter;
import org.carbonregistry.reporting.retirement.RetirementQueries;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.List;

/** The report's aggregates, summed by the database in one grouped query over the retirements the filter covers. */
public class EsrsQueries {

    private final JdbcTemplate jdbc;

    public EsrsQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public EsrsSummary summary(RetirementFilter filter) {
        return EsrsSummary.of(groups(filter));
    }

    public List<SummaryGroup> groups(RetirementFilter filter) {
        RetirementQueries.Where where = RetirementQueries.where(filter);
        String columns = "b.category, b.removal_sink, b.standard, b.project_country, b.corresponding_adjustment,"
                + " b.vintage_start, b.vintage_end, p.project_type, b.labels, v.event_id";
        return jdbc.query("SELECT " + columns + ", SUM(r.quantity), COUNT(*) FROM rpt_retirements r"
                        + " LEFT JOIN rpt_batches b ON b.batch_id = r.batch_id"
                        + " LEFT JOIN rpt_projects p ON p.project_id = b.project_id"
                        + " LEFT JOIN rpt_invalidations v ON v.batch_id = r.batch_id"
                        + where.sql() + " GROUP BY " + columns,
                where.parameters(),
                (rs, row) -> new SummaryGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5) == null ? null : rs.getBoolean(5), rs.getObject(6, LocalDate.class),
                        rs.getObject(7, LocalDate.class), rs.getString(8), rs.getString(9), rs.getObject(10) != null,
                        rs.getLong(11), rs.getLong(12)));
    }
}
