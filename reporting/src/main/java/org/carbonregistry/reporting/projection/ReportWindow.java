package org.carbonregistry.reporting.projection;

import org.springframework.jdbc.core.PreparedStatementSetter;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a report may see of a projection table: the rows applied below each partition's watermark (see
 * {@link SourcePosition}) and, with {@code asOf}, only events that had happened by then. Every table a report reads
 * has {@code kafka_partition}, {@code kafka_offset} and {@code occurred_at} columns for this.
 */
public record ReportWindow(Instant asOf, Map<Integer, Long> watermark) {

    /** The condition over the table aliased {@code alias}; its values are appended to {@code values} in order. */
    public String condition(String alias, List<Object> values) {
        // Per partition: instances write partitions independently, so no single sequence number orders all rows.
        StringBuilder sql = new StringBuilder("(1 = 0");
        watermark.forEach((partition, next) -> {
            sql.append(" OR ").append(alias).append(".kafka_partition = ? AND ").append(alias).append(".kafka_offset < ?");
            values.add(partition);
            values.add(next);
        });
        sql.append(")");
        if (asOf != null) {
            sql.append(" AND ").append(alias).append(".occurred_at <= ?");
            values.add(asOf);
        }
        return sql.toString();
    }

    /** Sets {@code values} as a statement's parameters, instants as the projection stores them. */
    public static PreparedStatementSetter parameters(List<Object> values) {
        return ps -> {
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                if (value instanceof Instant instant) {
                    JdbcProjectionStore.setInstant(ps, i + 1, instant);
                } else {
                    ps.setObject(i + 1, value);
                }
            }
        };
    }
}
