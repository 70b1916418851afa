package org.carbonregistry.ledger.envelope;

import java.security.KeyPair;
import java.util.Base64;
import java.util.Objects;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.VerifierKey;

/**
 * The registry's signature on an envelope: Ed25519 over exactly the canonical envelope bytes (the Kafka record
 * value), sent beside them in the {@link SignedEnvelope#SIGNATURE_HEADER} and {@link SignedEnvelope#KEY_ID_HEADER}
 * headers. The key is named and identified as a note verifier key, so an auditor handles it like the ledger's.
 */
public final class EnvelopeSigner {

    private final KeyPair keyPair;
    private final VerifierKey verifierKey;

    public EnvelopeSigner(String keyName, KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.verifierKey = VerifierKey.of(keyName, VerifierKey.TYPE_ED25519, Ed25519.rawPublicKey(keyPair.getPublic()));
    }

    /** The signature of {@code canonicalEnvelope} and the key that made it. */
    public SignedEnvelope sign(byte[] canonicalEnvelope) {
        byte[] signature = Ed25519.sign(keyPair, canonicalEnvelope);
        return new SignedEnvelope(canonicalEnvelope, Base64.getEncoder().encodeToString(signature), verifierKey.keyIdHex());
    }

    /** {@code <name>+<8 hex key id>+<base64(0x01 || public key)>}, as {@code GET /api/registry-key} serves it. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }
}
