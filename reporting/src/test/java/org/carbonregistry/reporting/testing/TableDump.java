package org.carbonregistry.reporting.testing;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of reporting's tables in primary-key order: two projections are equal iff their dumps are. The
 * offsets' watermark (an internal bound that depends on how records were batched) is left out.
 */
public final class TableDump {

    private static final Map<String, String> ORDER = new LinkedHashMap<>();

    static {
        ORDER.put("rpt_events", "event_id");
        ORDER.put("rpt_accounts", "account_id");
        ORDER.put("rpt_projects", "project_id");
        ORDER.put("rpt_batches", "batch_id");
        ORDER.put("rpt_holdings", "account_id, batch_id");
        ORDER.put("rpt_issuances", "event_id");
        ORDER.put("rpt_transfers", "event_id");
        ORDER.put("rpt_retirements", "retirement_id");
        ORDER.put("rpt_cancellations", "event_id");
        ORDER.put("rpt_freezes", "event_id");
        ORDER.put("rpt_invalidations", "batch_id");
        ORDER.put("rpt_anomalies", "kafka_partition, kafka_offset");
        ORDER.put("rpt_quarantine", "kafka_partition, kafka_offset");
        ORDER.put("rpt_personal_data", "retirement_id");
        ORDER.put("rpt_personal_data_offsets", "kafka_partition");
        ORDER.put("rpt_pinned_keys", "purpose");
        ORDER.put("rpt_consumer_offsets", "topic, kafka_partition");
        ORDER.put("rpt_consumer_topics", "topic");
    }

    private TableDump() {
    }

    public static Map<String, List<Map<String, Object>>> of(JdbcTemplate jdbc, String... except) {
        Map<String, List<Map<String, Object>>> dump = new LinkedHashMap<>();
        ORDER.forEach((table, order) -> {
            if (!List.of(except).contains(table)) {
                List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM " + table + " ORDER BY " + order);
                // How far each partition's row says the projection had got depends on how records were batched.
                rows.forEach(row -> row.keySet().removeIf(column -> column.equalsIgnoreCase("watermark_seq")));
                dump.put(table, rows);
            }
        });
        return dump;
    }
}
