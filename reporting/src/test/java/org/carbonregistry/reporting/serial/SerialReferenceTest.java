package org.carbonregistry.reporting.serial;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialReferenceTest {

    @Test
    void aNumberOrAFullLabelNamesASerial() {
        assertThat(SerialReference.parse("42")).isEqualTo(new SerialReference(42, null));
        assertThat(SerialReference.parse("000000042")).isEqualTo(new SerialReference(42, null));
        // the prefix ends in the vintage year: the number is what follows the last hyphen
        SerialReference label = SerialReference.parse("VCS-1A2B3C4D-2023-000000042");
        assertThat(label).isEqualTo(new SerialReference(42, "VCS-1A2B3C4D-2023"));
        assertThat(label.fits("vcs-1a2b3c4d-2023")).isTrue();
        assertThat(label.fits("GS-1A2B3C4D-2023")).isFalse();
        assertThat(SerialReference.parse("42").fits("GS-1A2B3C4D-2023")).isTrue();
    }

    @Test
    void anythingElseIsABadRequest() {
        for (String text : new String[] {"", "abc", "0", "-42", "VCS-", "42x", "1234567890123456789"}) {
            assertThatThrownBy(() -> SerialReference.parse(text)).as(text)
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
        }
    }
}
