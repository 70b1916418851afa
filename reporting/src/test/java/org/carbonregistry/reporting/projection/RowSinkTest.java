package org.carbonregistry.reporting.projection;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RowSinkTest {

    @Test
    void copyTextEscapesWhatWouldEndAFieldOrALineAndWritesNullsAsBackslashN() {
        StringBuilder text = new StringBuilder();
        RowSink.CopyText row = new RowSink.CopyText(text);
        row.text("a\tb\nc\rd\\e");
        row.text(null);
        row.uuid(UUID.fromString("00000000-0000-0000-0000-000000000001"));
        row.instant(Instant.parse("2024-01-01T00:00:00.100Z"));
        row.date(LocalDate.of(2024, 2, 29));
        row.number(-7);
        row.flag(true);
        row.uuid(null);
        row.endRow();
        row.flag(false);
        row.endRow();

        assertThat(text.toString()).isEqualTo("a\\tb\\nc\\rd\\\\e\t\\N\t00000000-0000-0000-0000-000000000001\t"
                + "2024-01-01T00:00:00.100Z\t2024-02-29\t-7\tt\t\\N\nf\n");
    }
}
