package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.SerialBlock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialBlocksTextTest {

    @Test
    void blocksRoundTripThroughTheirColumnText() {
        List<SerialBlock> blocks = List.of(new SerialBlock(1, 100), new SerialBlock(205, 205), new SerialBlock(9_000_000_000L, 9_000_000_999L));

        String text = SerialBlocksText.format(blocks);

        assertThat(text).isEqualTo("1-100,205-205,9000000000-9000000999");
        assertThat(SerialBlocksText.parse(text)).isEqualTo(blocks);
        assertThat(SerialBlocksText.parse("")).isEmpty();
    }

    @Test
    void malformedTextIsRefused() {
        assertThatThrownBy(() -> SerialBlocksText.parse("12")).isInstanceOf(IllegalArgumentException.class);
    }
}
