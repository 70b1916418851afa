package org.carbonregistry.registry.publishing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger's entry bundles carry an envelope's length in two bytes: a larger cap is refused at start. */
class EventSizeSettingTest {

    @Test
    void aCapBeyondWhatAnEntryBundleCarriesIsRefused() {
        assertThatThrownBy(() -> new KafkaPublishing().eventSizeLimit(65_536))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REGISTRY_MAX_EVENT_BYTES is 65536").hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> new KafkaPublishing().eventSizeLimit(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLargestEntryIsAccepted() {
        assertThat(new KafkaPublishing().eventSizeLimit(65_535)).isNotNull();
    }
}
