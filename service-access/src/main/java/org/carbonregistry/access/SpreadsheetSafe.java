package org.carbonregistry.access;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;

import java.io.IOException;

/**
 * CSV cells that a spreadsheet would run as a formula (OWASP "CSV injection"): a text cell starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return gets a leading {@code '}, so it is shown as the text it is.
 * Applied to every string the CSV mapper writes; numbers are written as numbers and never changed.
 */
public final class SpreadsheetSafe {

    private SpreadsheetSafe() {
    }

    public static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }

    /** A CSV mapper whose every string value goes through {@link #cell}. */
    public static CsvMapper mapper() {
        CsvMapper mapper = new CsvMapper();
        mapper.registerModule(new SimpleModule("spreadsheet-safe").addSerializer(String.class, new CellSerializer()));
        return mapper;
    }

    private static final class CellSerializer extends StdSerializer<String> {
        CellSerializer() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(cell(value));
        }
    }
}
