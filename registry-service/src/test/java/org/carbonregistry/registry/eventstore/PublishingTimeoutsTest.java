package org.carbonregistry.registry.eventstore;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry refuses settings under which the publisher could give up on an event still being committed. */
class PublishingTimeoutsTest {

    @Test
    void aGapTimeoutNotLongerThanTwiceTheCommandTimeoutStopsTheStart() {
        assertThatThrownBy(() -> new PublishingTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60), 100_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REGISTRY_GAP_TIMEOUT (60000 ms) must be longer than twice REGISTRY_COMMAND_TIMEOUT")
                .hasMessageContaining("could be skipped and never published");
        assertThatThrownBy(() -> new PublishingTimeouts(Duration.ofSeconds(90), Duration.ofSeconds(60), 100_000))
                .hasMessageContaining("REGISTRY_GAP_TIMEOUT");
    }

    @Test
    void theDefaultsAndAnyGapTimeoutAboveTwiceTheBoundAreAccepted() {
        assertThatCode(() -> new PublishingTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(60), 100_000))
                .doesNotThrowAnyException();
        assertThatCode(() -> new PublishingTimeouts(Duration.ofSeconds(29), Duration.ofSeconds(60), 100_000))
                .doesNotThrowAnyException();
    }

    @Test
    void aCommandTimeoutUnderASecondOrATinyMaxGapOffsetIsRefused() {
        assertThatThrownBy(() -> new PublishingTimeouts(Duration.ofMillis(500), Duration.ofSeconds(60), 100_000))
                .hasMessageContaining("REGISTRY_COMMAND_TIMEOUT is 500 ms");
        assertThatThrownBy(() -> new PublishingTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(60), 10))
                .hasMessageContaining("REGISTRY_MAX_GAP_OFFSET is 10");
    }
}
