package org.carbonregistry.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialRangesTest {

    private static SerialBlock block(long first, long last) {
        return new SerialBlock(first, last);
    }

    private static SerialRanges holding(SerialBlock... blocks) {
        return SerialRanges.of(List.of(blocks));
    }

    @Test
    void removingTheHeldPartOfABlockIgnoresSerialsNotHeld() {
        var held = holding(block(1, 10), block(21, 30), block(41, 50));
        held.removeHeldPart(block(5, 45));
        assertThat(held.blocks()).containsExactly(block(1, 4), block(46, 50));
        assertThat(held.total()).isEqualTo(9);
        held.removeHeldPart(block(100, 200));
        held.removeHeldPart(block(11, 40));
        assertThat(held.total()).isEqualTo(9);
        held.removeHeldPart(block(1, 1));
        held.removeHeldPart(block(50, 60));
        assertThat(held.blocks()).containsExactly(block(2, 4), block(46, 49));
    }

    @Test
    void aCopyHoldsTheSameSerialsAndChangesApart() {
        var original = holding(block(1, 10), block(21, 30));
        var copy = original.copy();
        assertThat(copy).isEqualTo(original);
        assertThat(copy.total()).isEqualTo(20);

        copy.remove(block(1, 5));
        copy.add(block(11, 20));
        assertThat(copy.blocks()).containsExactly(block(6, 30));
        assertThat(copy.total()).isEqualTo(25);
        assertThat(original.blocks()).containsExactly(block(1, 10), block(21, 30));
        assertThat(original.total()).isEqualTo(20);
    }

    @Test
    void anEmptyHoldingHasNoBlocks() {
        var ranges = new SerialRanges();

        assertThat(ranges.isEmpty()).isTrue();
        assertThat(ranges.total()).isZero();
        assertThat(ranges.blocks()).isEmpty();
        assertThat(ranges.lowest(0)).isEmpty();
    }

    @Test
    void blocksAreKeptInSerialOrderWhateverOrderTheyArrive() {
        var ranges = holding(block(500, 600), block(1, 10), block(100, 100));

        assertThat(ranges.blocks()).containsExactly(block(1, 10), block(100, 100), block(500, 600));
        assertThat(ranges.total()).isEqualTo(10 + 1 + 101);
    }

    @Test
    void aBlockThatFillsAGapMergesWithBothNeighbours() {
        var ranges = holding(block(1, 10), block(21, 30));

        ranges.add(block(11, 20));

        assertThat(ranges.blocks()).containsExactly(block(1, 30));
        assertThat(ranges.total()).isEqualTo(30);
    }

    @Test
    void aBlockRightAfterAnotherMergesWithIt() {
        var ranges = holding(block(1, 10), block(50, 60));

        ranges.add(block(11, 20));

        assertThat(ranges.blocks()).containsExactly(block(1, 20), block(50, 60));
    }

    @Test
    void aBlockRightBeforeAnotherMergesWithIt() {
        var ranges = holding(block(1, 10), block(50, 60));

        ranges.add(block(40, 49));

        assertThat(ranges.blocks()).containsExactly(block(1, 10), block(40, 60));
    }

    @Test
    void blocksWithAGapBetweenThemStaySeparate() {
        var ranges = holding(block(1, 10));

        ranges.add(block(12, 20));

        assertThat(ranges.blocks()).containsExactly(block(1, 10), block(12, 20));
        assertThat(ranges.total()).isEqualTo(19);
    }

    @Test
    void overlappingSerialsAreRefusedAndNothingChanges() {
        var ranges = holding(block(10, 20), block(40, 50));

        for (SerialBlock overlapping : List.of(block(5, 10), block(20, 25), block(12, 15), block(1, 100),
                block(10, 20), block(15, 45), block(50, 50))) {
            assertThatThrownBy(() -> ranges.add(overlapping))
                    .as("adding %s", overlapping)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("overlap held");
        }

        assertThat(ranges.blocks()).containsExactly(block(10, 20), block(40, 50));
        assertThat(ranges.total()).isEqualTo(22);
    }

    @Test
    void removingFromTheMiddleSplitsTheBlock() {
        var ranges = holding(block(1, 100));

        ranges.remove(block(40, 60));

        assertThat(ranges.blocks()).containsExactly(block(1, 39), block(61, 100));
        assertThat(ranges.total()).isEqualTo(79);
    }

    @Test
    void removingFromEitherEndShortensTheBlock() {
        var ranges = holding(block(1, 100));

        ranges.remove(block(1, 30));
        ranges.remove(block(91, 100));

        assertThat(ranges.blocks()).containsExactly(block(31, 90));
        assertThat(ranges.total()).isEqualTo(60);
    }

    @Test
    void removingEverythingLeavesItEmpty() {
        var ranges = holding(block(1, 10), block(20, 30));

        ranges.removeAll(List.of(block(20, 30), block(1, 10)));

        assertThat(ranges.isEmpty()).isTrue();
        assertThat(ranges.blocks()).isEmpty();
    }

    @Test
    void serialsThatAreNotHeldCannotBeRemovedAndNothingChanges() {
        var ranges = holding(block(10, 20), block(22, 30));

        for (SerialBlock unheld : List.of(block(1, 5), block(5, 10), block(20, 22), block(15, 25), block(21, 21),
                block(30, 31), block(31, 40))) {
            assertThatThrownBy(() -> ranges.remove(unheld))
                    .as("removing %s", unheld)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("are not held");
        }

        assertThat(ranges.blocks()).containsExactly(block(10, 20), block(22, 30));
        assertThat(ranges.total()).isEqualTo(20);
    }

    @Test
    void nothingCanBeRemovedFromAnEmptyHolding() {
        assertThatThrownBy(() -> new SerialRanges().remove(block(1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("are not held");
    }

    @Test
    void theLowestSerialsComeFirstSplittingTheLastBlockTaken() {
        var ranges = holding(block(301, 1000), block(1, 100));

        assertThat(ranges.lowest(50)).containsExactly(block(1, 50));
        assertThat(ranges.lowest(100)).containsExactly(block(1, 100));
        assertThat(ranges.lowest(150)).containsExactly(block(1, 100), block(301, 350));
        assertThat(ranges.lowest(800)).containsExactly(block(1, 100), block(301, 1000));
    }

    @Test
    void takingTheLowestChangesNothing() {
        var ranges = holding(block(1, 100));

        ranges.lowest(60);

        assertThat(ranges.blocks()).containsExactly(block(1, 100));
        assertThat(ranges.total()).isEqualTo(100);
    }

    @Test
    void moreThanIsHeldCannotBeTaken() {
        var ranges = holding(block(1, 100));

        assertThatThrownBy(() -> ranges.lowest(101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only 100 serials held, 101 asked");
    }

    @Test
    void itIsWrittenAsItsListOfBlocksAndReadBack() throws JsonProcessingException {
        var ranges = holding(block(1, 10), block(21, 30));

        String json = EventJson.mapper().writeValueAsString(ranges);
        SerialRanges read = EventJson.mapper().readValue(json, SerialRanges.class);

        assertThat(json).isEqualTo("[{\"first\":1,\"last\":10},{\"first\":21,\"last\":30}]");
        assertThat(read.blocks()).isEqualTo(ranges.blocks());
        assertThat(read.total()).isEqualTo(20);
    }

    @Test
    void adjacentBlocksReadFromJsonAreMerged() throws JsonProcessingException {
        SerialRanges read = EventJson.mapper().readValue(
                "[{\"first\":11,\"last\":20},{\"first\":1,\"last\":10}]", SerialRanges.class);

        assertThat(read.blocks()).containsExactly(block(1, 20));
    }

    @Test
    void overlappingBlocksInJsonAreRefused() {
        assertThatThrownBy(() -> EventJson.mapper().readValue(
                "[{\"first\":1,\"last\":10},{\"first\":5,\"last\":15}]", SerialRanges.class))
                .isInstanceOf(JsonMappingException.class)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap held");
    }

    /** Random adds and removes against a plain bit set of serials: the blocks are always its maximal runs. */
    @Test
    void behavesLikeASetOfSerials() {
        var random = new Random(20260304);
        var ranges = new SerialRanges();
        var model = new BitSet();
        for (int step = 0; step < 5_000; step++) {
            long first = 1 + random.nextInt(200);
            var candidate = block(first, first + random.nextInt(12));
            int from = (int) candidate.first();
            int to = (int) candidate.last() + 1;
            if (random.nextBoolean()) {
                boolean free = model.get(from, to).isEmpty();
                if (free) {
                    ranges.add(candidate);
                    model.set(from, to);
                } else {
                    assertThatThrownBy(() -> ranges.add(candidate)).isInstanceOf(IllegalArgumentException.class);
                }
            } else {
                boolean held = model.get(from, to).cardinality() == to - from;
                if (held) {
                    ranges.remove(candidate);
                    model.clear(from, to);
                } else {
                    assertThatThrownBy(() -> ranges.remove(candidate)).isInstanceOf(IllegalArgumentException.class);
                }
            }
            assertThat(ranges.blocks()).as("step %d", step).isEqualTo(runsOf(model));
            assertThat(ranges.total()).isEqualTo(model.cardinality());
            long quantity = model.isEmpty() ? 0 : 1 + random.nextInt(model.cardinality());
            assertThat(ranges.lowest(quantity)).isEqualTo(runsOf(lowestOf(model, quantity)));
        }
    }

    private static List<SerialBlock> runsOf(BitSet serials) {
        List<SerialBlock> runs = new ArrayList<>();
        for (int first = serials.nextSetBit(0); first >= 0; ) {
            int end = serials.nextClearBit(first);
            runs.add(block(first, end - 1));
            first = serials.nextSetBit(end);
        }
        return runs;
    }

    private static BitSet lowestOf(BitSet serials, long quantity) {
        var lowest = new BitSet();
        for (int serial = serials.nextSetBit(0); serial >= 0 && lowest.cardinality() < quantity;
             serial = serials.nextSetBit(serial + 1)) {
            lowest.set(serial);
        }
        return lowest;
    }
}
