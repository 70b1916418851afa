package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.holding;
import static org.carbonregistry.registry.batch.Batches.invalidated;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.retired;

/**
 * A busy batch is loaded from a snapshot (Jackson, as Axon stores it): an invalidated batch must come back from one
 * still invalidated, or a move refused before the snapshot would be accepted after it.
 */
class InvalidatedSnapshotTest {

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(JsonMapper.builder().findAndAddModules().build()).build();

    @Test
    void anInvalidatedBatchRestoredFromItsSnapshotStillRefusesEveryMoveAndASecondInvalidation() {
        CreditBatch batch = new CreditBatch();
        batch.on(issued(1000));
        batch.on(retired(1, DEVELOPER, block(1, 10)));
        batch.on(invalidated(2, holding(DEVELOPER, block(11, 1000))));

        SerializedObject<String> snapshot = serializer.serialize(batch, String.class);
        CreditBatch restored = serializer.deserialize(snapshot);

        assertThat(snapshot.getData()).contains("\"invalidated\":990", "\"invalidatedBatch\":true");
        assertThatThrownBy(() -> restored.handle(new TransferCredits(BATCH, DEVELOPER, BUYER, 1, holderOf(DEVELOPER)),
                Batches.directory(), new FixedStamps()))
                .isInstanceOfSatisfying(CommandRefused.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(CommandRefused.Kind.CONFLICT);
                    assertThat(refused.getMessage()).contains("batch batch-1 is invalidated");
                });
        assertThatThrownBy(() -> restored.handle(new InvalidateBatch(BATCH, "again", ADMIN), new FixedStamps()))
                .isInstanceOfSatisfying(CommandRefused.class,
                        refused -> assertThat(refused.getMessage()).contains("already invalidated"));
    }

    @Test
    void aBatchsSnapshotDoesNotGrowWithItsRetirementsButCountsThem() {
        SerializedObject<String> afterTen = serializer.serialize(retiredOneByOne(10), String.class);
        SerializedObject<String> afterFiveHundred = serializer.serialize(retiredOneByOne(500), String.class);

        assertThat(afterFiveHundred.getData().length() - afterTen.getData().length())
                .as("growth of the snapshot from 10 to 500 retirements, in characters").isLessThan(20);
        assertThat(afterFiveHundred.getData()).contains("\"retirements\":500");
        CreditBatch restored = serializer.deserialize(afterFiveHundred);
        assertThat(serializer.serialize(restored, String.class).getData()).isEqualTo(afterFiveHundred.getData());
    }

    /** Issued, then {@code retirements} retirements of one credit each, serials 1, 2, 3 and so on. */
    private static CreditBatch retiredOneByOne(int retirements) {
        CreditBatch batch = new CreditBatch();
        batch.on(issued(1000));
        for (int n = 1; n <= retirements; n++) {
            batch.on(retired(n, DEVELOPER, block(n, n)));
        }
        return batch;
    }
}
