package org.carbonregistry.reporting.projection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Where the values of one row go, in column order: the parameters of a batched INSERT, or a line of PostgreSQL
 * {@code COPY} text. Each append-only table's columns are then mapped once for both.
 */
interface RowSink {

    void text(String value) throws SQLException;

    void number(long value) throws SQLException;

    void flag(boolean value) throws SQLException;

    void uuid(UUID value) throws SQLException;

    void instant(Instant value) throws SQLException;

    void date(LocalDate value) throws SQLException;

    /** One row's columns, in the order the table's column list names them. */
    @FunctionalInterface
    interface Mapper<T> {
        void map(RowSink sink, T row) throws SQLException;
    }

    /** The parameters of a prepared statement, from the first. */
    final class Parameters implements RowSink {
        private final PreparedStatement ps;
        private int index;

        Parameters(PreparedStatement ps) {
            this.ps = ps;
        }

        @Override
        public void text(String value) throws SQLException {
            ps.setString(++index, value);
        }

        @Override
        public void number(long value) throws SQLException {
            ps.setLong(++index, value);
        }

        @Override
        public void flag(boolean value) throws SQLException {
            ps.setBoolean(++index, value);
        }

        @Override
        public void uuid(UUID value) throws SQLException {
            JdbcProjectionStore.setUuid(ps, ++index, value);
        }

        @Override
        public void instant(Instant value) throws SQLException {
            JdbcProjectionStore.setInstant(ps, ++index, value);
        }

        @Override
        public void date(LocalDate value) throws SQLException {
            if (value == null) {
                ps.setNull(++index, Types.DATE);
            } else {
                ps.setObject(++index, value);
            }
        }
    }

    /**
     * Lines of PostgreSQL's {@code COPY ... FROM STDIN} text format: tab-separated, {@code \N} for null, backslash
     * escapes for the characters that would end a field or a line.
     */
    final class CopyText implements RowSink {
        private final StringBuilder text;
        private boolean first = true;

        CopyText(StringBuilder text) {
            this.text = text;
        }

        /** Ends the current row. */
        void endRow() {
            text.append('\n');
            first = true;
        }

        private StringBuilder next() {
            if (!first) {
                text.append('\t');
            }
            first = false;
            return text;
        }

        @Override
        public void text(String value) {
            StringBuilder out = next();
            if (value == null) {
                out.append("\\N");
                return;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(c);
                }
            }
        }

        @Override
        public void number(long value) {
            next().append(value);
        }

        @Override
        public void flag(boolean value) {
            next().append(value ? 't' : 'f');
        }

        @Override
        public void uuid(UUID value) {
            plain(value);
        }

        @Override
        public void instant(Instant value) {
            plain(value); // ISO 8601 in UTC ("2024-01-01T00:00:00.100Z"), which timestamptz reads exactly
        }

        @Override
        public void date(LocalDate value) {
            plain(value);
        }

        /** A value whose text form needs no escaping. */
        private void plain(Object value) {
            next().append(value == null ? "\\N" : value.toString());
        }
    }
}
