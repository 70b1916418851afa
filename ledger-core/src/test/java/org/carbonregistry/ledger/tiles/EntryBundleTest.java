package org.carbonregistry.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryBundleTest {

    @Test
    void eachEntryIsABigEndianUint16LengthThenItsBytes() {
        byte[] bundle = EntryBundle.encode(List.of("ab".getBytes(StandardCharsets.US_ASCII), new byte[0], new byte[300]));
        assertThat(HexFormat.of().formatHex(bundle, 0, 8)).isEqualTo("000261620000012c");
        assertThat(bundle).hasSize(2 + 2 + 2 + 2 + 300);
        assertThat(EntryBundle.decode(bundle)).extracting(entry -> entry.length).containsExactly(2, 0, 300);
    }

    @Test
    void theLargestEntryFitsAndOneByteMoreIsRefused() {
        byte[] largest = new byte[EntryBundle.MAX_ENTRY_SIZE];
        largest[largest.length - 1] = 7;
        assertThat(EntryBundle.decode(EntryBundle.encode(List.of(largest))).get(0)).isEqualTo(largest);
        assertThatThrownBy(() -> EntryBundle.encode(List.of(new byte[EntryBundle.MAX_ENTRY_SIZE + 1])))
                .isInstanceOf(TileFormatException.class).hasMessageContaining("65536 bytes");
    }

    @Test
    void truncatedBundlesAreRefused() {
        assertThatThrownBy(() -> EntryBundle.decode(new byte[] {0})).hasMessageContaining("inside the length of entry 0");
        assertThatThrownBy(() -> EntryBundle.decode(new byte[] {0, 3, 1, 2}))
                .hasMessageContaining("entry 0 of the bundle claims 3 bytes, only 2 are left");
    }
}
