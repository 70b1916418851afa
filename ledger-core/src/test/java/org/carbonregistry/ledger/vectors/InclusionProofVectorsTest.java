package org.carbonregistry.ledger.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.InclusionVerification;
import org.junit.jupiter.api.Test;

/** The shared proof vectors, checked by the Java verifier; the console's proof.js is checked against the same file. */
class InclusionProofVectorsTest {

    /** The console names the last step "audit path" where the Java verifier says "inclusion proof". */
    static final Map<String, String> JAVA_STEP = Map.of("audit path", "inclusion proof");

    @Test
    void everyVectorVerifiesOrFailsAtItsStep() throws Exception {
        JsonNode file = SharedVectors.read("inclusion-proofs.json");
        NoteVerifier key = NoteVerifier.fromVerifierKey(file.get("publicKey").asText());
        assertThat(file.get("vectors")).hasSizeGreaterThan(10);
        for (JsonNode vector : file.get("vectors")) {
            InclusionProofDocument proof = InclusionProofDocument.parse(
                    vector.get("proof").toString().getBytes(StandardCharsets.UTF_8));
            String expect = vector.get("expect").asText();
            if (expect.equals("valid")) {
                assertThat(InclusionVerification.verify(proof, key).treeSize()).as(vector.get("name").asText())
                        .isEqualTo(proof.treeSize());
            } else {
                assertThatThrownBy(() -> InclusionVerification.verify(proof, key)).as(vector.get("name").asText())
                        .isInstanceOfSatisfying(InclusionVerification.Failed.class,
                                failed -> assertThat(failed.step()).isEqualTo(JAVA_STEP.getOrDefault(expect, expect)));
            }
        }
    }
}
