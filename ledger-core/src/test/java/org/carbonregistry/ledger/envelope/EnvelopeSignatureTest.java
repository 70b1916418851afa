package org.carbonregistry.ledger.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.junit.jupiter.api.Test;

class EnvelopeSignatureTest {

    static final byte[] ENVELOPE = "{\"eventId\":\"e\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);

    final EnvelopeSigner registry = new EnvelopeSigner("carbon-registry.local/registry", Ed25519.generate());
    final EnvelopeVerifier verifier = new EnvelopeVerifier(List.of(registry.verifierKey()));

    @Test
    void anEnvelopeSignedByTheRegistryVerifies() throws Exception {
        SignedEnvelope signed = registry.sign(ENVELOPE);
        assertThat(signed.keyId()).matches("[0-9a-f]{8}");
        assertThat(verifier.problem(signed)).isEmpty();
        assertThat(VerifierKey.parse(registry.verifierKey().encode())).isEqualTo(registry.verifierKey());
        assertThat(EnvelopeVerifier.parse(" " + registry.verifierKey().encode() + ",").verifies(signed)).isTrue();
    }

    @Test
    void anUnsignedRecordIsRefused() {
        assertThat(verifier.problem(new SignedEnvelope(ENVELOPE, null, null))).hasValueSatisfying(
                why -> assertThat(why).contains("registry-signature"));
    }

    @Test
    void aRecordSignedWithAnotherKeyIsRefused() {
        EnvelopeSigner impostor = new EnvelopeSigner("carbon-registry.local/registry", Ed25519.generate());
        assertThat(verifier.problem(impostor.sign(ENVELOPE))).hasValueSatisfying(
                why -> assertThat(why).contains("not a trusted registry key"));
    }

    @Test
    void aRecordWhoseBytesChangedAfterSigningIsRefused() {
        SignedEnvelope signed = registry.sign(ENVELOPE);
        byte[] changed = ENVELOPE.clone();
        changed[changed.length - 2] = ' ';
        assertThat(verifier.problem(new SignedEnvelope(changed, signed.signature(), signed.keyId()))).hasValueSatisfying(
                why -> assertThat(why).contains("does not verify"));
        assertThat(verifier.problem(new SignedEnvelope(ENVELOPE, "%%%", signed.keyId()))).isPresent();
    }
}
