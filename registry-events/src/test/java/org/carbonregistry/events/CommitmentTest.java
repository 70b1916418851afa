package org.carbonregistry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommitmentTest {

    /** The project's shared vector directory, read by every test suite that implements a wire format. */
    static final Path VECTORS = Path.of("..", "vectors");

    @Test
    void commitmentsEqualTheVectorsComputedWithoutThisCode() throws Exception {
        JsonNode vectors = EventJson.mapper().readTree(VECTORS.resolve("commitments.json").toFile()).get("vectors");
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode vector : vectors) {
            String salt = vector.get("salt").asText();
            String text = vector.get("text").asText();
            assertThat(Commitment.of(text, salt)).as(text).isEqualTo(vector.get("commitment").asText());
            assertThat(Commitment.opens(vector.get("commitment").asText(), text, salt)).isTrue();
            assertThat(Commitment.opens(vector.get("commitment").asText(), text + " ", salt)).isFalse();
        }
    }

    @Test
    void aCommitmentDoesNotOpenWithAnotherSaltOrAMalformedOne() {
        byte[] salt = Commitment.newSalt();
        String commitment = Commitment.of("ACME GmbH", salt);
        assertThat(Commitment.opens(commitment, "ACME GmbH", Commitment.encodeSalt(Commitment.newSalt()))).isFalse();
        assertThat(Commitment.opens(commitment, "ACME GmbH", "not base64!")).isFalse();
        assertThat(Commitment.opens(commitment, "ACME GmbH", "AAAA")).isFalse();
        assertThatThrownBy(() -> Commitment.of("x", new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void personalDataRoundTripsAsTheTopicJsonAndOpensItsRetirementsCommitments() {
        RetirementPersonalData data = RetirementPersonalData.withNewSalts("r-1", "ACME GmbH", "2024 voluntary claim");
        RetirementPersonalData read = RetirementPersonalData.fromJson(data.toJson());
        assertThat(read).isEqualTo(data);
        assertThat(new String(data.toJson(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"retirementId\"", "\"beneficiary\"", "\"purpose\"", "\"beneficiarySalt\"", "\"purposeSalt\"");
        CreditsRetired retirement = new CreditsRetired(java.util.UUID.randomUUID(), java.time.Instant.now(), "b", "r-1",
                "acct", 5, java.util.List.of(), data.beneficiaryCommitment(), data.purposeCommitment(), 2024, "DE");
        assertThat(read.opens(retirement)).isTrue();
        RetirementPersonalData other = RetirementPersonalData.withNewSalts("r-1", "Someone Else", "2024 voluntary claim");
        assertThat(other.opens(retirement)).isFalse();
    }
}
