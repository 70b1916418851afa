package org.carbonregistry.reporting.esrs;

import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.carbonregistry.reporting.projection.SerialBlocksText;
import org.carbonregistry.reporting.projection.ReportWindow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Credits an account acquired by transfer during a year and still held at its end: the revised ESRS E1's carbon
 * credits purchased and not (yet) cancelled. Counted by serial number, so "still held" is exact whatever happened in
 * between: serials that leave the account (transferred out, retired, cancelled) stop counting, serials it held before
 * the year are never counted, serials that come back by a later transfer count again. Issuance is not a purchase.
 */
public class PurchasedHoldings {

    /** One movement of serials into ({@code in}) or out of an account, in the order they happened. */
    public record Movement(String accountId, String batchId, boolean in, List<SerialBlock> blocks) {
    }

    private final JdbcTemplate cursor;

    public PurchasedHoldings(JdbcTemplate jdbc) {
        this.cursor = new JdbcTemplate(jdbc.getDataSource());
        this.cursor.setFetchSize(500);
    }

    /** Folds movements, in order, into the tonnes acquired by transfer and still held after the last one. */
    public static final class Fold {

        private final Map<String, SerialRanges> acquired = new HashMap<>();

        public void apply(Movement movement) {
            SerialRanges held = acquired.computeIfAbsent(movement.accountId() + '\u0000' + movement.batchId(),
                    key -> new SerialRanges());
            if (movement.in()) {
                // An account never receives serials it holds; should two events of one millisecond be read in the
                // other order, the set stays a set instead of failing the report.
                movement.blocks().forEach(block -> {
                    held.removeHeldPart(block);
                    held.add(block);
                });
            } else {
                movement.blocks().forEach(held::removeHeldPart);
            }
        }

        public long tonnes() {
            return acquired.values().stream().mapToLong(SerialRanges::total).sum();
        }
    }

    /**
     * The tonnes for one account (or, with a null account, every account's summed) in the UTC calendar year, as far
     * as the watermark and the as-of instant reach. Movements are read in event time, then in the order reporting
     * applied them.
     */
    public long tonnes(String accountId, int year, Instant asOf, Map<Integer, Long> watermark) {
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Object> values = new ArrayList<>();
        StringBuilder movements = new StringBuilder();
        movement(movements, values, "rpt_transfers", "to_account", 1, from, until, accountId);
        movement(movements.append(" UNION ALL "), values, "rpt_transfers", "from_account", 0, from, until, accountId);
        movement(movements.append(" UNION ALL "), values, "rpt_retirements", "account_id", 0, from, until, accountId);
        movement(movements.append(" UNION ALL "), values, "rpt_cancellations", "account_id", 0, from, until, accountId);
        movement(movements.append(" UNION ALL "), values, "rpt_expirations", "account_id", 0, from, until, accountId);
        StringBuilder sql = new StringBuilder("SELECT m.account_id, m.batch_id, m.direction, m.serial_blocks FROM (")
                .append(movements).append(") m JOIN rpt_events e ON e.event_id = m.event_id WHERE ")
                .append(new ReportWindow(asOf, watermark).condition("e", values));
        sql.append(" ORDER BY e.occurred_at, e.seq");
        Fold fold = new Fold();
        cursor.query(sql.toString(), ReportWindow.parameters(values), (RowCallbackHandler) rs ->
                fold.apply(new Movement(rs.getString(1), rs.getString(2), rs.getInt(3) == 1,
                        SerialBlocksText.parse(rs.getString(4)))));
        return fold.tonnes();
    }

    private static void movement(StringBuilder sql, List<Object> values, String table, String account, int direction,
                                 Instant from, Instant until, String accountId) {
        sql.append("SELECT event_id, ").append(account).append(" AS account_id, batch_id, ").append(direction)
                .append(" AS direction, serial_blocks FROM ").append(table)
                .append(" WHERE occurred_at >= ? AND occurred_at < ?");
        values.add(from);
        values.add(until);
        if (accountId != null) {
            sql.append(" AND ").append(account).append(" = ?");
            values.add(accountId);
        }
    }
}
