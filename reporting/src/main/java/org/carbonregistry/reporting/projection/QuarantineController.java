package org.carbonregistry.reporting.projection;

import org.carbonregistry.access.AccessPolicy;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/quarantine} (administrator or auditor): the records of registry.events that were not projected
 * because the registry did not sign them, with where they are, what they claim to be and why they were refused.
 */
@RestController
class QuarantineController {

    private final AccessPolicy access;
    private final JdbcTemplate jdbc;

    QuarantineController(AccessPolicy access, JdbcTemplate jdbc) {
        this.access = access;
        this.jdbc = jdbc;
    }

    record QuarantinedRecord(int partition, long offset, String eventId, String type, String keyId, String reason,
                             String detail) {
    }

    record Quarantine(int count, List<QuarantinedRecord> records) {
    }

    @GetMapping("/api/quarantine")
    Quarantine quarantine(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        access.requireReadsEverything(authorization, "the quarantine");
        List<QuarantinedRecord> records = jdbc.query("SELECT kafka_partition, kafka_offset, event_id, event_type, key_id,"
                        + " reason, detail FROM rpt_quarantine ORDER BY kafka_partition, kafka_offset",
                (rs, row) -> new QuarantinedRecord(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
        return new Quarantine(records.size(), records);
    }
}
