package org.carbonregistry.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.junit.jupiter.api.Test;

class WitnessEndpointTest {

    static String vkey(String name) {
        return VerifierKey.of(name, VerifierKey.TYPE_ED25519_COSIGNATURE,
                Ed25519.rawPublicKey(Ed25519.generate().getPublic())).encode();
    }

    @Test
    void parsesCommaSeparatedNameUrlKeyEntriesEvenWithEqualsSignsInTheUrl() {
        String first = vkey("witness.example/w1");
        String second = vkey("w2");
        List<WitnessEndpoint> witnesses = WitnessEndpoint.parseAll(
                "witness.example/w1=https://w1.example/prefix/=" + first + ", w2=http://127.0.0.1:9/x?token=a=b=" + second);

        assertThat(witnesses).extracting(WitnessEndpoint::name).containsExactly("witness.example/w1", "w2");
        assertThat(witnesses.get(0).addCheckpointUri()).hasToString("https://w1.example/prefix/add-checkpoint");
        assertThat(witnesses.get(1).submissionPrefix()).hasToString("http://127.0.0.1:9/x?token=a=b");
        assertThat(witnesses.get(1).key().encode()).isEqualTo(second);
        assertThat(WitnessEndpoint.parseAll(" ")).isEmpty();
    }

    @Test
    void refusesEntriesWhoseKeyIsNotACosignatureKeyOfThatName() {
        String plainNoteKey = VerifierKey.of("w1", VerifierKey.TYPE_ED25519,
                Ed25519.rawPublicKey(Ed25519.generate().getPublic())).encode();
        assertThatThrownBy(() -> WitnessEndpoint.parse("w1=http://a=" + plainNoteKey))
                .hasMessageContaining("not an Ed25519 cosignature");
        assertThatThrownBy(() -> WitnessEndpoint.parse("w1=http://a=" + vkey("w2")))
                .hasMessageContaining("whose name is w1");
        assertThatThrownBy(() -> WitnessEndpoint.parse("w1=ftp://a=" + vkey("w1"))).hasMessageContaining("http");
        assertThatThrownBy(() -> WitnessEndpoint.parseAll("w1=http://a=" + vkey("w1") + ",w1=http://b=" + vkey("w1")))
                .hasMessageContaining("distinct");
    }

    @Test
    void writesTheAddCheckpointBodyOfTheSpec() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[0] = 1;
        assertThat(WitnessClient.requestBody(20, List.of(a, b), "origin\n5\nroot\n\n— origin sig\n")).isEqualTo(
                "old 20\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n"
                        + "origin\n5\nroot\n\n— origin sig\n");
        assertThat(WitnessClient.requestBody(0, List.of(), "note\n")).isEqualTo("old 0\n\nnote\n");
    }
}
